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

"""A lease in the shared database: of many processes, the one holding
it does the work (the watchdog's passes), and another takes over once
it stops renewing."""
from django.db import IntegrityError
from django.db.models import Q
from django.db import transaction

from volsnap_dashboard.events import models


def lease_take(name, holder, now, ttl):
    """Takes or renews the lease `name` for `ttl` (a timedelta); False
    while another holder's lease runs."""
    expires = now + ttl
    if models.Lease.objects.filter(
            Q(holder=holder) | Q(expires_at__lte=now), name=name).update(
            holder=holder, expires_at=expires):
        return True
    try:
        with transaction.atomic(using=models.Lease.objects.db):
            models.Lease.objects.create(name=name, holder=holder,
                                        expires_at=expires)
    except IntegrityError:
        return False
    return True


def lease_release(name, holder):
    models.Lease.objects.filter(name=name, holder=holder).delete()
