"""Grades back to Moodle through LTI Advantage « Assignment and Grade Services » (AGS 2.0).

One line item per assignment (``resourceId`` = the nbgrader assignment name, ``tag`` =
``iasante``), one score per student (``userId`` = the student's LTI ``sub``: the Moodle
user id). The access token comes from the platform's token endpoint by the OAuth 2
client-credentials grant with a JWT client assertion signed with the tool's private key
(RFC 7523, IMS Security Framework §4.1), signed by PyJWT (``cryptography`` underneath):
no hand-written cryptography.

Idempotent and resumable: every score the platform accepted is written at once to a
journal (``<course>/exports/<devoir>_lti.json``); a second run sends only the scores that
changed since (or every one with ``force``), so an interrupted run resumes where it
stopped and a repeated run sends nothing. The line item is looked up by ``resourceId``
before being created, so it is never duplicated.

Who is sent what (:class:`AgsReport`):
  - sent: the copy is graded and complete, the student has an LTI identity;
  - skipped: no LTI identity (neither the gradebook's ``lms_user_id`` nor a hub user name
    ``<prefix><sub>`` from an LTI launch), manual grading pending, no graded copy,
    or already sent with the same score;
  - refused: the platform answered with an error (reason kept; a new run retries).
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from iasante.messages import msg

from ..status import GRADED_STATUSES
from .exports import StudentGrades

AGS_LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
AGS_SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
LINEITEMS_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
TAG = "iasante"
#: hub user names made from the LTI ``sub`` claim (deploy/jupyterhub_config.py)
DEFAULT_USER_PREFIX = "moodle-"


class LtiError(RuntimeError):
    """The grade return cannot go on (configuration, token, line item); French message."""


@dataclass
class LtiSettings:
    """What the tool needs to talk to the platform (from the Moodle tool's registration).

    ``lineitems_url`` is the course's line-items endpoint, e.g. Moodle's
    ``https://moodle.univ.fr/mod/lti/services.php/<course id>/lineitems?type_id=<tool id>``.
    """

    client_id: str
    token_url: str
    lineitems_url: str
    private_key: str  # PEM text of the tool's RSA private key
    kid: str = "iasante-1"
    user_prefix: str = DEFAULT_USER_PREFIX
    timeout: float = 30.0

    @classmethod
    def from_file(cls, path: str | Path) -> LtiSettings:
        """Read a JSON file: client_id, token_url, lineitems_url, private_key_file
        (relative to the file), optional kid and user_prefix."""
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise LtiError(msg("lti.config_unreadable", path=path, error=exc)) from None
        missing = [
            k
            for k in ("client_id", "token_url", "lineitems_url", "private_key_file")
            if not data.get(k)
        ]
        if missing:
            raise LtiError(msg("lti.config_missing", path=path, keys=", ".join(missing)))
        key_path = (path.parent / data["private_key_file"]).resolve()
        try:
            key = key_path.read_text(encoding="utf-8")
        except OSError as exc:
            raise LtiError(msg("lti.key_unreadable", path=key_path, error=exc)) from None
        return cls(
            client_id=data["client_id"],
            token_url=data["token_url"],
            lineitems_url=data["lineitems_url"],
            private_key=key,
            kid=data.get("kid", "iasante-1"),
            user_prefix=data.get("user_prefix", DEFAULT_USER_PREFIX),
        )


def generate_keypair(private_path: str | Path, kid: str = "iasante-1") -> dict:
    """Write a new RSA private key (PEM, mode 0600) and return the public JWK (with kid):
    its public half is what Moodle's « Clé publique » field receives (see the guide)."""
    import jwt
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    private_path = Path(private_path)
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    private_path.with_suffix(".pub.pem").write_bytes(public_pem)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": kid, "alg": "RS256", "use": "sig"})
    return jwk


def lti_user_id(row: StudentGrades, prefix: str = DEFAULT_USER_PREFIX) -> str | None:
    """The student's LTI ``sub``: the gradebook's ``lms_user_id`` if set, else taken from a
    hub user name ``<prefix><sub>`` created by an LTI launch; None when neither."""
    if row.lms_user_id and row.lms_user_id.strip():
        return row.lms_user_id.strip()
    if prefix and row.student.startswith(prefix) and len(row.student) > len(prefix):
        return row.student[len(prefix) :]
    return None


def _scores_url(lineitem_url: str) -> str:
    """AGS: the scores endpoint is the line item URL with ``/scores`` appended to its *path*
    (Moodle's line item URLs carry ``?type_id=…``)."""
    parts = urllib.parse.urlsplit(lineitem_url)
    return urllib.parse.urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


def _with_query(url: str, **params: str) -> str:
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query) + list(params.items())
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


@dataclass
class HttpAnswer:
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def excerpt(self) -> str:
        return self.body[:300].decode("utf-8", errors="replace").strip()


class AgsClient:
    """The tool's side of AGS: access token, line item, scores."""

    def __init__(self, settings: LtiSettings):
        self.settings = settings
        self._token: str | None = None
        self._token_expires = 0.0

    # -- HTTP ---------------------------------------------------------------------------

    def _http(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> HttpAnswer:
        req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=self.settings.timeout) as answer:
                return HttpAnswer(answer.status, answer.read())
        except urllib.error.HTTPError as error:
            return HttpAnswer(error.code, error.read())

    def _api(
        self,
        method: str,
        url: str,
        payload: Any = None,
        content_type: str | None = None,
        accept: str | None = None,
    ) -> HttpAnswer:
        headers = {"Authorization": f"Bearer {self.access_token()}"}
        if accept:
            headers["Accept"] = accept
        body = None
        if payload is not None:
            body = json.dumps(payload).encode("utf-8")
            headers["Content-Type"] = content_type or "application/json"
        return self._http(method, url, body, headers)

    # -- OAuth 2 client credentials with a signed JWT assertion ---------------------------

    def client_assertion(self) -> str:
        try:
            import jwt
        except ImportError:  # PyJWT comes with the hub tools (requirements/hub.txt)
            raise LtiError(msg("lti.no_pyjwt")) from None

        now = int(time.time())
        claims = {
            "iss": self.settings.client_id,
            "sub": self.settings.client_id,
            "aud": self.settings.token_url,
            # a few seconds back: Moodle's JWT library refuses an iat in its future, and
            # the hub's clock may be slightly ahead of Moodle's
            "iat": now - 5,
            "exp": now + 300,
            "jti": uuid.uuid4().hex,
        }
        try:
            return jwt.encode(
                claims,
                self.settings.private_key,
                algorithm="RS256",
                headers={"kid": self.settings.kid},
            )
        except (ValueError, TypeError, jwt.PyJWTError) as exc:
            raise LtiError(msg("lti.key_invalid", error=exc)) from None

    def access_token(self) -> str:
        if self._token and time.time() < self._token_expires - 30:
            return self._token
        form = urllib.parse.urlencode(
            {
                "grant_type": "client_credentials",
                "client_assertion_type": ASSERTION_TYPE,
                "client_assertion": self.client_assertion(),
                "scope": f"{AGS_LINEITEM_SCOPE} {AGS_SCORE_SCOPE}",
            }
        ).encode()
        try:
            answer = self._http(
                "POST",
                self.settings.token_url,
                form,
                {"Content-Type": "application/x-www-form-urlencoded"},
            )
        except OSError as exc:
            raise LtiError(msg("lti.unreachable", url=self.settings.token_url, error=exc)) from None
        if answer.status != 200:
            raise LtiError(msg("lti.token_refused", status=answer.status, detail=answer.excerpt()))
        data = answer.json()
        self._token = data["access_token"]
        self._token_expires = time.time() + float(data.get("expires_in", 3600))
        return self._token

    # -- line item ------------------------------------------------------------------------

    def line_item(self, assignment: str, max_score: float, label: str | None = None) -> str:
        """The URL of the assignment's line item, created only if none exists."""
        url = _with_query(self.settings.lineitems_url, resource_id=assignment)
        answer = self._api("GET", url, accept=LINEITEMS_TYPE)
        if answer.status != 200:
            raise LtiError(
                msg("lti.lineitems_refused", status=answer.status, detail=answer.excerpt())
            )
        mine = [
            item
            for item in answer.json() or []
            if item.get("resourceId") == assignment and item.get("tag", TAG) == TAG
        ]
        if mine:
            item = mine[0]
            if float(item.get("scoreMaximum", max_score)) != float(max_score):
                item = dict(item, scoreMaximum=max_score)
                put = self._api("PUT", item["id"], item, LINEITEM_TYPE, LINEITEM_TYPE)
                if put.status not in (200, 201):
                    raise LtiError(
                        msg("lti.lineitem_refused", status=put.status, detail=put.excerpt())
                    )
            return item["id"]
        created = self._api(
            "POST",
            self.settings.lineitems_url,
            {
                "scoreMaximum": max_score,
                "label": label or assignment,
                "resourceId": assignment,
                "tag": TAG,
            },
            LINEITEM_TYPE,
            LINEITEM_TYPE,
        )
        if created.status not in (200, 201):
            raise LtiError(
                msg("lti.lineitem_refused", status=created.status, detail=created.excerpt())
            )
        return created.json()["id"]

    def send_score(
        self, lineitem: str, user_id: str, score: float, max_score: float, comment: str = ""
    ) -> HttpAnswer:
        payload = {
            "userId": user_id,
            "scoreGiven": score,
            "scoreMaximum": max_score,
            "activityProgress": "Completed",
            "gradingProgress": "FullyGraded",
            "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds"),
        }
        if comment:
            payload["comment"] = comment
        return self._api("POST", _scores_url(lineitem), payload, SCORE_TYPE)


@dataclass
class AgsReport:
    """Per student: (student, detail). ``journal`` is where the sent scores are kept."""

    lineitem: str = ""
    sent: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    journal: Path | None = None


def _load_journal(path: Path) -> dict:
    if path.is_file():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            pass
    return {}


def _save_journal(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)  # a crash never leaves half a journal


def send_grades(
    rows: list[StudentGrades],
    assignment: str,
    settings: LtiSettings,
    journal: str | Path,
    allow_pending: bool = False,
    force: bool = False,
    client: AgsClient | None = None,
) -> AgsReport:
    """Send each complete, graded copy's total to the platform (see the module docstring)."""
    journal = Path(journal)
    client = client or AgsClient(settings)
    report = AgsReport(journal=journal)
    done = _load_journal(journal)
    to_send: list[tuple[StudentGrades, str]] = []
    for row in rows:
        user = lti_user_id(row, settings.user_prefix)
        if user is None:
            report.skipped.append((row.student, msg("lti.skip.no_identity")))
        elif row.status not in GRADED_STATUSES:
            report.skipped.append((row.student, row.status_label))
        elif row.manual_pending and not allow_pending:
            report.skipped.append((row.student, msg("lti.skip.manual_pending")))
        else:
            to_send.append((row, user))
    if not to_send:
        return report
    max_score = max(row.max_score for row, _ in to_send)
    report.lineitem = client.line_item(assignment, max_score)
    entries = done.setdefault(report.lineitem, {})
    for row, user in to_send:
        score = round(row.score, 4)
        previous = entries.get(user)
        if not force and previous and previous.get("score") == score:
            report.skipped.append((row.student, msg("lti.skip.already_sent", score=score)))
            continue
        try:
            answer = client.send_score(
                report.lineitem, user, score, row.max_score, row.status_label
            )
        except OSError as exc:
            report.refused.append((row.student, msg("lti.refused.network", error=exc)))
            continue
        if answer.status == 409:  # Moodle: its grade is newer (changed in Moodle since)
            report.refused.append((row.student, msg("lti.refused.newer")))
        elif answer.status in (200, 201, 202, 204):
            entries[user] = {
                "student": row.student,
                "score": score,
                "max_score": row.max_score,
                "sent_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
            _save_journal(journal, done)
            report.sent.append((row.student, f"{score:g} / {row.max_score:g}"))
        else:
            report.refused.append(
                (
                    row.student,
                    msg("lti.refused.http", status=answer.status, detail=answer.excerpt()),
                )
            )
    return report


def send_assignment(
    course_dir: str | Path,
    assignment: str,
    settings: LtiSettings,
    journal: str | Path | None = None,
    allow_pending: bool = False,
    force: bool = False,
) -> AgsReport:
    """:func:`send_grades` for the gradebook of ``course_dir``; the journal defaults to
    ``<course>/exports/<assignment>_lti.json`` (personal data: never in git)."""
    from .exports import collect_grades

    rows, _ = collect_grades(course_dir, assignment)
    journal = Path(journal) if journal else Path(course_dir) / "exports" / f"{assignment}_lti.json"
    return send_grades(rows, assignment, settings, journal, allow_pending, force)
