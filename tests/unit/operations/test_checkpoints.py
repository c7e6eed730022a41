#    Licensed under the Apache License, Version 2.0 (the "License"); you may
#    not use this file except in compliance with the License. You may obtain
#    a copy of the License at
#
#         http://www.apache.org/licenses/LICENSE-2.0
#
#    Unless required by applicable law or agreed to in writing, software
#    distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
#    WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
#    License for the specific language governing permissions and limitations
#    under the License.

"""Protect, restore and delete: each recorded once around its backend
call, with the outcome the call's end tells. No Horizon view, no
database: the journal collects what would be written."""
import unittest
from unittest import mock

import tenacity

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.events import terms
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import checkpoints as operations

ACTOR = {"source": "dashboard", "project_id": "p1", "user_id": "u1",
         "user_name": "alice"}
WAIT = {"timeout": 5, "interval": 0}


def checkpoint(**changes):
    values = dict(id="c1", name="nightly", description="",
                  status="available", size=1, created_at="", volume_id="v1",
                  project_id="p1", metadata={}, volume_name="data")
    values.update(changes)
    return checkpoints.Checkpoint(**values)


def volume(**changes):
    values = dict(id="r1", name="restored", status="creating", size=1,
                  snapshot_id="c1", metadata={})
    values.update(changes)
    return checkpoints.Volume(**values)


@mock.patch.object(checkpoints, "checkpoint_wait")
@mock.patch.object(checkpoints, "checkpoint_create")
class ProtectTests(unittest.TestCase):

    def setUp(self):
        self.collected = terms.Collected()
        self.journal = terms.Journal(self.collected, ACTOR)

    def protect(self, **kwargs):
        return operations.protect("ctx", self.journal, "v1", "data",
                                  "nightly", "desc", **kwargs)

    def entry(self):
        (entry,) = self.collected.entries
        action, actor, outcome, error, fields = entry
        self.assertEqual(("protect", ACTOR), (action, actor))
        return outcome, str(error or ""), fields

    def test_an_accepted_protect_is_in_progress_with_its_checkpoint(
            self, create, wait):
        create.return_value = checkpoint()

        self.assertEqual("c1", self.protect(force=True, marks={"k": "v"}).id)

        create.assert_called_once_with("ctx", "v1", "nightly", "desc", True,
                                       marks={"k": "v"})
        wait.assert_not_called()
        self.assertEqual(("in_progress", "", {
            "volume_id": "v1", "volume_name": "data", "checkpoint_id": "c1",
            "checkpoint_name": "nightly"}), self.entry())

    def test_a_refused_protect_fails_and_names_no_checkpoint(self, create,
                                                             wait):
        create.side_effect = exceptions.InvalidState("attached")

        with self.assertRaises(exceptions.InvalidState):
            self.protect()

        outcome, error, fields = self.entry()
        self.assertEqual(("failed", "attached"), (outcome, error))
        self.assertNotIn("checkpoint_id", fields)

    def test_an_unclear_answer_is_unknown(self, create, wait):
        create.side_effect = exceptions.OutcomeUnknown("timed out")

        with self.assertRaises(exceptions.OutcomeUnknown):
            self.protect()

        self.assertEqual("unknown", self.entry()[0])

    def test_waited_for_it_succeeds_or_fails_with_cinder(self, create,
                                                         wait):
        create.return_value = checkpoint()
        on_created = mock.Mock()

        self.protect(wait=WAIT, on_created=on_created)
        wait.side_effect = exceptions.OperationFailed("went to error")
        with self.assertRaises(exceptions.OperationFailed):
            self.protect(wait=WAIT)

        wait.assert_called_with("ctx", "c1", **WAIT)
        on_created.assert_called_once_with(create.return_value)
        self.assertEqual(["succeeded", "failed"],
                         [e[2] for e in self.collected.entries])

    def test_after_cinder_took_it_nothing_but_cinder_fails_it(self, create,
                                                              wait):
        create.return_value = checkpoint()
        for failure in (exceptions.WaitTimeout("still creating"),
                        exceptions.CinderUnreachable("gone"),
                        RuntimeError("bank write failed")):
            wait.side_effect = failure
            with self.subTest(failure=failure), \
                    self.assertRaises(type(failure)):
                self.protect(wait=WAIT)

        self.assertEqual(["in_progress"] * 3,
                         [e[2] for e in self.collected.entries])

    def test_retry_sends_the_creation_again_never_a_second_one(self, create,
                                                               wait):
        create.side_effect = [exceptions.CinderUnreachable("refused"),
                              checkpoint()]
        wait.side_effect = exceptions.CinderUnreachable("refused")
        retry = tenacity.retry(
            retry=tenacity.retry_if_exception_type(
                exceptions.CinderUnreachable),
            stop=tenacity.stop_after_attempt(3), reraise=True)

        with self.assertRaises(exceptions.CinderUnreachable):
            self.protect(wait=WAIT, retry=retry)

        self.assertEqual(2, create.call_count)
        self.assertEqual(1, wait.call_count)
        self.assertEqual("in_progress", self.entry()[0])


class RestoreAndDeleteTests(unittest.TestCase):

    def setUp(self):
        self.collected = terms.Collected()
        self.journal = terms.Journal(self.collected, ACTOR)

    @mock.patch.object(checkpoints, "volume_wait")
    @mock.patch.object(checkpoints, "checkpoint_restore")
    def test_restore_names_the_new_volume(self, restore, wait):
        restore.return_value = volume()
        wait.return_value = volume(status="available")
        made = []

        restored = operations.restore(
            "ctx", self.journal, checkpoint(), "restored", "d", wait=WAIT,
            on_created=made.append, marks={"volsnap_origin": "karbor"})

        self.assertEqual(("available", ["r1"]),
                         (restored.status, [v.id for v in made]))
        restore.assert_called_once_with("ctx", "c1", "restored", "d",
                                        marks={"volsnap_origin": "karbor"})
        ((action, _actor, outcome, _error, fields),) = self.collected.entries
        self.assertEqual(("restore", "succeeded", {
            "checkpoint_id": "c1", "checkpoint_name": "nightly",
            "volume_id": "v1", "volume_name": "data",
            "restored_volume_id": "r1"}), (action, outcome, fields))

    @mock.patch.object(checkpoints, "checkpoint_wait")
    @mock.patch.object(checkpoints, "checkpoint_delete")
    def test_delete_once_and_optionally_until_gone(self, delete, wait):
        operations.delete("ctx", self.journal, checkpoint())
        operations.delete("ctx", self.journal, checkpoint(), wait=WAIT)
        delete.side_effect = exceptions.InvalidState("deleting")
        with self.assertRaises(exceptions.InvalidState):
            operations.delete("ctx", self.journal, checkpoint())

        self.assertEqual(3, delete.call_count)
        wait.assert_called_once_with("ctx", "c1", wanted=("deleted",),
                                     **WAIT)
        self.assertEqual(
            [("delete", "in_progress"), ("delete", "succeeded"),
             ("delete", "failed")],
            [(e[0], e[2]) for e in self.collected.entries])
