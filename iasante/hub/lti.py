"""LTI 1.3 launch from Moodle into the course hub: ``jupyterhub-ltiauthenticator``, with
the course's rules on top (used by deploy/jupyterhub_config.py when IASANTE_LTI_ISSUER is set).

- **User name**: ``<prefix><sub>`` (default ``moodle-<sub>``): Moodle's ``sub`` claim is
  the Moodle user id, stable across launches, courses and e-mail changes, and free of
  ``+`` and ``@`` (nbgrader's exchange splits file names on ``+``). The grade return
  (:mod:`iasante.grading.products.lti`) reads the same ``sub`` back from that name.
- **Groups** (nbgrader's « multiple courses » convention, synced at every launch):
  an LTI Instructor, TeachingAssistant, ContentDeveloper or course Administrator joins
  ``formgrade-<course>``; a Learner joins ``nbgrader-<course>``. Any other role (Mentor,
  guest…) is refused: no session.
- **Deployment**: when ``deployment_ids`` is set, launches from other deployments of the
  tool are refused.
- **Refusals in French**: a bad signature, another audience, an expired token, a replayed
  nonce or a launch not started in this browser end on the hub's error page with a
  sentence for the student, and no session cookie.
"""

from __future__ import annotations

from typing import Any

from ltiauthenticator.lti13.auth import LTI13Authenticator
from ltiauthenticator.lti13.error import LoginError
from ltiauthenticator.lti13.handlers import LTI13CallbackHandler
from tornado.web import HTTPError
from traitlets import Set, Unicode, default

from iasante.messages import msg

ROLES_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/roles"
DEPLOYMENT_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/deployment_id"
MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
TEACHING_ROLES = {
    MEMBERSHIP + "Instructor",
    MEMBERSHIP + "ContentDeveloper",
    MEMBERSHIP + "Administrator",
    "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant",
    "Instructor",  # short forms, allowed by LTI 1.3 for context roles
    "ContentDeveloper",
}
LEARNER_ROLES = {
    MEMBERSHIP + "Learner",
    "http://purl.imsglobal.org/vocab/lis/v2/membership/Learner#Learner",
    "Learner",
}


def course_groups(roles: list[str], course_id: str) -> list[str]:
    """nbgrader groups for LTI context roles: teaching team first, else student, else none."""
    granted = set(roles or [])
    if granted & TEACHING_ROLES:
        return [f"formgrade-{course_id}"]
    if granted & LEARNER_ROLES:
        return [f"nbgrader-{course_id}"]
    return []


def explain_refusal(detail: str) -> str:
    """The French reason for an upstream validation message (PyJWT, ltiauthenticator)."""
    text = detail.lower()
    if "signature verification failed" in text or "signing key" in text:
        return msg("lti.launch.bad_signature")
    if "audience" in text or "azp" in text:
        return msg("lti.launch.wrong_audience")
    if "expired" in text or "too long ago" in text:
        return msg("lti.launch.expired")
    if "nonce" in text:
        return msg("lti.launch.replayed")
    if "state" in text:
        return msg("lti.launch.state")
    return msg("lti.launch.invalid", detail=detail)


class LaunchRefused(HTTPError):
    """A refused launch; ``jupyterhub_message`` is what the hub's error page shows."""

    def __init__(self, status: int, reason: str):
        # reason: the error page title (sent as the HTTP reason phrase: Latin-1 text)
        super().__init__(status, "LTI launch refused: %s", reason, reason=msg("lti.launch.title"))
        self.jupyterhub_message = msg("lti.launch.refused", reason=reason)


def _refusal(status: int, reason: str) -> LaunchRefused:
    return LaunchRefused(status, reason)


class CourseLTI13CallbackHandler(LTI13CallbackHandler):
    """The upstream launch (id_token) handler, whose refusals speak French."""

    async def post(self):
        try:
            await super().post()
        except HTTPError as error:
            if isinstance(error, LaunchRefused):
                raise
            detail = error.log_message % error.args if error.log_message else str(error)
            self.log.warning("LTI 1.3 launch refused (%s): %s", error.status_code, detail)
            raise _refusal(error.status_code, explain_refusal(detail)) from None


class CourseLTI13Authenticator(LTI13Authenticator):
    """LTI 1.3 authenticator for one nbgrader course (see the module docstring)."""

    callback_handler = CourseLTI13CallbackHandler

    course_id = Unicode("ia-sante", config=True, help="nbgrader course id")
    username_prefix = Unicode(
        "moodle-",
        config=True,
        help="prefix of hub user names made from the LTI sub claim (username_key = sub)",
    )
    deployment_ids = Set(
        Unicode(),
        config=True,
        help="LTI deployment ids accepted (Moodle: « Deployment ID » of the tool); empty: any",
    )

    @default("username_key")
    def _username_key_default(self) -> str:
        return "sub"

    @default("manage_groups")
    def _manage_groups_default(self) -> bool:
        return True

    def get_username(self, token: dict[str, Any]) -> str:
        if self.username_key in ("", "sub"):
            sub = str(token.get("sub") or "").strip()
            if not sub:
                raise LoginError("no sub claim in the id_token")
            return f"{self.username_prefix}{sub}"
        return super().get_username(token)

    async def authenticate(self, handler, data: dict[str, Any] | None = None):
        data = data or {}
        deployment = str(data.get(DEPLOYMENT_CLAIM, ""))
        if self.deployment_ids and deployment not in self.deployment_ids:
            raise _refusal(403, msg("lti.launch.wrong_deployment", deployment=deployment))
        roles = data.get(ROLES_CLAIM) or []
        groups = course_groups(roles, self.course_id)
        if not groups:
            shown = ", ".join(r.rsplit("#", 1)[-1] for r in roles) or msg("lti.launch.no_roles")
            raise _refusal(403, msg("lti.launch.no_role", roles=shown))
        return {
            "name": self.get_username(data),
            "groups": groups,
            "auth_state": {
                "sub": data.get("sub"),
                "email": data.get("email"),
                "roles": roles,
                "deployment_id": deployment,
            },
        }

    def check_allowed(self, username: str, authentication: dict | None = None) -> bool:
        """Access comes from the Moodle course role (checked in :meth:`authenticate`)."""
        return bool(authentication and authentication.get("groups"))
