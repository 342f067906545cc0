"""A minimal LTI 1.3 platform (a « fake Moodle ») on 127.0.0.1, written for the tests.

It holds an RSA keypair and serves, like Moodle's mod/lti:
  GET  /jwks                     its public keys (JWKS) — Moodle: /mod/lti/certs.php
  GET  /course                   a course page whose links start a launch (for the browser)
  GET  /auth                     OIDC authorization endpoint: answers the tool's
                                 authentication request with an auto-submitted form
                                 POSTing a signed id_token — Moodle: /mod/lti/auth.php
  POST /token                    OAuth 2 client credentials with a JWT client assertion,
                                 verified with the tool's public key — Moodle: /mod/lti/token.php
  GET/POST /lineitems?type_id=1  AGS line items of the course
  GET/PUT  /lineitems/<n>/lineitem?type_id=1
  POST     /lineitems/<n>/lineitem/scores?type_id=1
Every AGS request is recorded (``requests``) and the latest score per line item and user is
kept (``scores``), so a test compares what the platform *received* with the gradebook.
The id_token can be built with overrides (``id_token``), or tampered (``tamper``) to
prove the hub refuses it.
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
CLIENT_ID = "iasante-hub-test"
DEPLOYMENT_ID = "7"
COURSE_ID = "42"


@dataclass
class PlatformUser:
    sub: str
    email: str
    given_name: str
    family_name: str
    roles: list[str]


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Platform:
    """Start with :meth:`start`; ``url`` is its issuer. ``tool_public_key`` (the tool's
    registered key, for client assertions) and ``tool_*_url`` (the hub's endpoints)
    are the « outil externe » registration."""

    tool_public_key: object = None
    tool_login_url: str = ""
    tool_redirect_url: str = ""
    tool_target_url: str = ""
    users: dict[str, PlatformUser] = field(default_factory=dict)
    key: object = field(default_factory=new_key)
    kid: str = "plateforme-1"
    requests: list[dict] = field(default_factory=list)
    lineitems: dict[int, dict] = field(default_factory=dict)
    scores: dict[int, dict[str, dict]] = field(default_factory=dict)
    tokens: dict[str, set[str]] = field(default_factory=dict)
    used_jti: set[str] = field(default_factory=set)
    refuse_users: set[str] = field(default_factory=set)  # scores for them get HTTP 400
    fail_after: int | None = None  # scores accepted before the platform goes "down" (503)
    forge_with: object = None  # a key that is not the platform's: /auth signs with it
    port: int = 0
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def jwks_url(self) -> str:
        return f"{self.url}/jwks"

    @property
    def auth_url(self) -> str:
        return f"{self.url}/auth"

    @property
    def token_url(self) -> str:
        return f"{self.url}/token"

    @property
    def lineitems_url(self) -> str:
        return f"{self.url}/lineitems?type_id=1"

    # -- life cycle ---------------------------------------------------------------------

    def start(self) -> Platform:
        platform = self

        class Handler(_Handler):
            pass

        Handler.platform = platform
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # -- launch ---------------------------------------------------------------------------

    def jwks(self) -> dict:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
        return {"keys": [jwk]}

    def login_initiation(self, login_hint: str, target: str | None = None) -> dict[str, str]:
        """The third-party initiated login parameters Moodle sends to the tool."""
        return {
            "iss": self.url,
            "login_hint": login_hint,
            "target_link_uri": target or self.tool_target_url,
            "lti_message_hint": uuid.uuid4().hex,
            "client_id": CLIENT_ID,
            "lti_deployment_id": DEPLOYMENT_ID,
        }

    def claims(self, user: PlatformUser, nonce: str, target: str | None = None) -> dict:
        now = int(time.time())
        return {
            "iss": self.url,
            "aud": CLIENT_ID,
            "sub": user.sub,
            "iat": now,
            "exp": now + 60,
            "nonce": nonce,
            "email": user.email,
            "given_name": user.given_name,
            "family_name": user.family_name,
            "name": f"{user.given_name} {user.family_name}",
            LTI + "version": "1.3.0",
            LTI + "message_type": "LtiResourceLinkRequest",
            LTI + "deployment_id": DEPLOYMENT_ID,
            LTI + "target_link_uri": target or self.tool_target_url,
            LTI + "resource_link": {"id": "cm-3", "title": "Module 00 : prise en main"},
            LTI + "roles": user.roles,
            LTI + "context": {"id": COURSE_ID, "label": "DU-IA-SANTE", "title": "DU IA en santé"},
            AGS_CLAIM: {
                "scope": [
                    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
                ],
                "lineitems": self.lineitems_url,
            },
        }

    def id_token(self, claims: dict, key=None, kid: str | None = None) -> str:
        return jwt.encode(
            claims, key or self.key, algorithm="RS256", headers={"kid": kid or self.kid}
        )

    def authorize(self, params: dict[str, str]) -> tuple[str, dict[str, str]]:
        """Answer an OIDC authentication request: (redirect_uri, form fields to POST)."""
        for name in (
            "client_id",
            "redirect_uri",
            "login_hint",
            "nonce",
            "state",
            "response_type",
            "scope",
        ):
            if not params.get(name):
                raise ValueError(f"missing {name}")
        if params["client_id"] != CLIENT_ID:
            raise ValueError("unknown client_id")
        if params["redirect_uri"] != self.tool_redirect_url:
            raise ValueError(f"unregistered redirect_uri {params['redirect_uri']}")
        if params["response_type"] != "id_token" or params["scope"] != "openid":
            raise ValueError("not an OIDC implicit id_token request")
        user = self.users[params["login_hint"]]
        token = self.id_token(self.claims(user, params["nonce"]), key=self.forge_with)
        return params["redirect_uri"], {"id_token": token, "state": params["state"]}

    # -- AGS ------------------------------------------------------------------------------

    def issue_token(self, form: dict[str, str]) -> tuple[int, dict]:
        if form.get("grant_type") != "client_credentials":
            return 400, {"error": "unsupported_grant_type"}
        if (
            form.get("client_assertion_type")
            != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
        ):
            return 400, {"error": "invalid_request"}
        try:
            claims = jwt.decode(
                form.get("client_assertion", ""),
                self.tool_public_key,
                algorithms=["RS256"],
                audience=self.token_url,
                issuer=CLIENT_ID,
                options={"require": ["exp", "iat", "jti"]},
            )
        except jwt.PyJWTError:
            return 400, {"error": "invalid_client"}  # as Moodle's token.php
        if claims.get("sub") != CLIENT_ID or claims["jti"] in self.used_jti:
            return 400, {"error": "invalid_client"}
        self.used_jti.add(claims["jti"])
        token = uuid.uuid4().hex
        self.tokens[token] = set(form.get("scope", "").split())
        return 200, {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": 3600,
            "scope": form.get("scope", ""),
        }

    def score_count(self) -> int:
        return sum(1 for r in self.requests if r["path"].endswith("/scores"))


class _Handler(BaseHTTPRequestHandler):
    platform: Platform

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(
        self, status: int, payload=None, content_type="application/json", text: str | None = None
    ) -> None:
        body = text.encode() if text is not None else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _bearer_scopes(self) -> set[str] | None:
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return None
        return self.platform.tokens.get(auth[len("Bearer ") :])

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def do_PUT(self) -> None:
        self._route("PUT")

    def _route(self, method: str) -> None:
        p = self.platform
        parts = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parts.query))
        body = self._body()
        path = parts.path
        if path == "/jwks" and method == "GET":
            return self._send(200, p.jwks())
        if path == "/course" and method == "GET":
            return self._send(200, text=self._course_page(), content_type="text/html")
        if path == "/launch" and method == "GET":
            # Moodle's launch: an auto-submitted form to the tool's login initiation URL
            params = p.login_initiation(query["user"], query.get("target"))
            return self._send(
                200, text=_form_page(p.tool_login_url, params), content_type="text/html"
            )
        if path == "/auth":
            params = query if method == "GET" else dict(urllib.parse.parse_qsl(body.decode()))
            try:
                action, fields = p.authorize(params)
            except (ValueError, KeyError) as exc:
                return self._send(400, {"error": str(exc)})
            return self._send(200, text=_form_page(action, fields), content_type="text/html")
        if path == "/token" and method == "POST":
            status, payload = p.issue_token(dict(urllib.parse.parse_qsl(body.decode())))
            return self._send(status, payload)
        if path.startswith("/lineitems"):
            return self._ags(method, path, query, body)
        return self._send(404, {"error": "not found"})

    def _course_page(self) -> str:
        p = self.platform
        links = "".join(
            f'<li><a id="lancer-{html.escape(name)}" href="/launch?user={html.escape(name)}">'
            f"Module 00 : prise en main (en tant que {html.escape(u.given_name)})</a></li>"
            for name, u in p.users.items()
        )
        return (
            f"<!doctype html><html lang='fr'><head><meta charset='utf-8'>"
            f"<title>Faux Moodle — DU IA en santé</title></head><body>"
            f"<h1>DU IA en santé (faux Moodle de test)</h1><ul>{links}</ul></body></html>"
        )

    def _ags(self, method: str, path: str, query: dict, body: bytes) -> None:  # noqa: C901 -- the fake platform routes every AGS endpoint here
        p = self.platform
        scopes = self._bearer_scopes()
        record = {
            "method": method,
            "path": path,
            "query": query,
            "content_type": self.headers.get("Content-Type"),
            "body": json.loads(body) if body else None,
        }
        p.requests.append(record)
        if scopes is None:
            return self._send(401, {"error": "invalid_token"})
        if query.get("type_id") != "1":
            return self._send(400, {"error": "type_id missing"})
        if path == "/lineitems":
            if "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem" not in scopes:
                return self._send(403, {"error": "scope"})
            if method == "GET":
                items = [
                    i
                    for i in p.lineitems.values()
                    if "resource_id" not in query or i.get("resourceId") == query["resource_id"]
                ]
                return self._send(200, items, "application/vnd.ims.lis.v2.lineitemcontainer+json")
            if method == "POST":
                n = len(p.lineitems) + 1
                item = dict(record["body"], id=f"{p.url}/lineitems/{n}/lineitem?type_id=1")
                p.lineitems[n] = item
                return self._send(201, item, "application/vnd.ims.lis.v2.lineitem+json")
        match = re.fullmatch(r"/lineitems/(\d+)/lineitem(/scores)?", path)
        if not match or int(match.group(1)) not in p.lineitems:
            return self._send(404, {"error": "no such line item"})
        n = int(match.group(1))
        if match.group(2):
            if (
                method != "POST"
                or "https://purl.imsglobal.org/spec/lti-ags/scope/score" not in scopes
            ):
                return self._send(403, {"error": "scope"})
            if record["content_type"] != "application/vnd.ims.lis.v1.score+json":
                return self._send(415, {"error": "content type"})
            if (
                p.fail_after is not None
                and len([r for r in p.requests if r["path"].endswith("/scores")]) > p.fail_after
            ):
                return self._send(503, {"error": "maintenance"})
            score = record["body"] or {}
            # Moodle's checks (ltiservice_gradebookservices: scores.php)
            if (
                any(
                    k not in score
                    for k in ("userId", "timestamp", "gradingProgress", "activityProgress")
                )
                or not ISO8601.match(score["timestamp"])
                or not isinstance(score.get("scoreGiven", 0), int | float)
                or not isinstance(score.get("scoreMaximum", 0), int | float)
                or score["userId"] in p.refuse_users
            ):
                return self._send(400, text="Incorrect score received", content_type="text/plain")
            previous = p.scores.get(n, {}).get(score["userId"])
            if previous is not None and _seconds(previous["timestamp"]) >= _seconds(
                score["timestamp"]
            ):
                return self._send(
                    409, text="Refusing score with an earlier timestamp", content_type="text/plain"
                )
            p.scores.setdefault(n, {})[score["userId"]] = score
            return self._send(200, [])
        if method == "PUT":
            p.lineitems[n] = dict(record["body"], id=p.lineitems[n]["id"])
            return self._send(200, p.lineitems[n])
        return self._send(200, p.lineitems[n])


# Moodle's validate_iso8601_date (ltiservice_gradebookservices), unchanged
ISO8601 = re.compile(
    r"^([\+-]?\d{4}(?!\d{2}\b))((-?)((0[1-9]|1[0-2])"
    r"(\3([12]\d|0[1-9]|3[01]))?|W([0-4]\d|5[0-2])(-?[1-7])?|(00[1-9]|0[1-9]\d|[12]\d{2}|3([0-5]\d|6[1-6])))"
    r"([T\s]((([01]\d|2[0-3])((:?)[0-5]\d)?|24\:?00)([\.,]\d+(?!:))?)?(\17[0-5]\d([\.,]\d+)?)"
    r"?([zZ]|([\+-])([01]\d|2[0-3]):?([0-5]\d)?)?)?)?$"
)


def _seconds(timestamp: str) -> int:
    """Moodle keeps a grade's time in whole seconds (strtotime)."""
    from datetime import datetime

    return int(datetime.fromisoformat(timestamp.replace("Z", "+00:00")).timestamp())


def _form_page(action: str, fields: dict[str, str]) -> str:
    inputs = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
        for k, v in fields.items()
    )
    return (
        f"<!doctype html><html><body onload='document.forms[0].submit()'>"
        f'<form method="post" action="{html.escape(action)}">{inputs}'
        f"<noscript><button>Continuer</button></noscript></form></body></html>"
    )
