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

"""What the benchmarks count, with the standard library only: the
Karbor part runs in Karbor's venv, which has neither Django nor
PostgreSQL's driver."""
import os
import re

REQUEST_LINE = re.compile(r'"(GET|POST|PUT|DELETE|HEAD) ')


def cinder_requests(log_path, ignore=None):
    """Requests in cinder-api's log, but those whose global request id
    is `ignore` (the benchmark's own looks)."""
    with open(log_path, errors="replace") as log:
        return sum(1 for line in log if REQUEST_LINE.search(line)
                   and not (ignore and f"[{ignore} " in line))


def rss_mib(pid):
    """Resident memory of a process group, in MiB."""
    total = 0
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and os.getpgid(int(entry)) == pid:
                with open(f"/proc/{entry}/statm") as f:
                    total += int(f.read().split()[1])
        except OSError:
            continue
    return total * os.sysconf("SC_PAGE_SIZE") // (1024 * 1024)
