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

"""Channel secrets sealed at rest: a webhook's signing key is kept
encrypted with a key derived from Horizon's SECRET_KEY (which every
Horizon node and service of one cloud shares), and the panels never show
it again, so a project member cannot read it back."""
import base64

from cryptography.fernet import Fernet
from cryptography.fernet import InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

INFO = b"volsnap-dashboard alert channel secrets"


class Unreadable(Exception):
    """Sealed with another SECRET_KEY, or damaged."""


def _fernet(key_material):
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=INFO).derive(str(key_material).encode())
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret, key_material):
    return _fernet(key_material).encrypt(secret.encode()).decode()


def unseal(sealed, key_material):
    try:
        return _fernet(key_material).decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError) as exc:
        raise Unreadable(str(exc) or "invalid token") from exc
