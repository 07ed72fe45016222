"""The presenter's Voila server, hardened so that only the instructor can drive it.

    python -m helpers.tools.presenter_server NOTEBOOK [voila options]   # started by ``helpers.present``

Standalone Voila 0.5 turns jupyter_server's Host check off (``allow_remote_access=True``) and takes its token
on the command line, where any local user can read it. This launcher is Voila with:

* the token read from ``$TRUSTLAB_PRESENTER_TOKEN`` (``Voila.token``), then removed from the environment so
  kernels never see it; a page request without it is answered by the login page and starts no kernel;
* ``allow_remote_access=False`` and ``local_hostnames=["localhost"]``: a request whose Host header is not the
  loopback (DNS rebinding) gets 403 before any handler runs;
* an Origin check on every page and API request: a request sent by a page of another origin gets 403
  (jupyter_server checks the kernel websockets itself);
* idle kernels culled (``MappingKernelManager.cull_idle_timeout``, set by ``helpers.present``) and
  tracebacks hidden from viewers (``VoilaConfiguration.show_tracebacks=False``).
"""

from __future__ import annotations

import os
import sys
from urllib.parse import urlparse

__all__ = ["LOCAL_HOSTNAMES", "TOKEN_ENV", "main", "origin_allowed"]

TOKEN_ENV = "TRUSTLAB_PRESENTER_TOKEN"
LOCAL_HOSTNAMES = ["localhost"]


def origin_allowed(origin: str | None, host: str | None) -> bool:
    """True when a request carries no Origin (a navigation, a script) or one whose host is the server's own."""
    if not origin or not host:
        return True
    return urlparse(origin.lower()).netloc == host.lower()


def _origin_checked(handler_class):
    """``handler_class`` with a ``prepare`` that refuses requests from another origin with 403."""
    from tornado import web
    from tornado.websocket import WebSocketHandler

    if not isinstance(handler_class, type) or issubclass(handler_class, WebSocketHandler):
        return handler_class  # websockets: jupyter_server's own check_origin applies

    class OriginChecked(handler_class):
        def prepare(self, *args, **kwargs):
            if not origin_allowed(self.request.headers.get("Origin"), self.request.headers.get("Host")):
                raise web.HTTPError(403, "cross-origin request refused")
            return super().prepare(*args, **kwargs)

    OriginChecked.__name__ = OriginChecked.__qualname__ = f"OriginChecked{handler_class.__name__}"
    return OriginChecked


def _presenter_class():
    from voila.app import Voila

    class PresenterVoila(Voila):
        """Voila with the Host check on and an Origin check on every page and API handler."""

        def init_settings(self):
            settings = super().init_settings()
            settings["allow_remote_access"] = False
            settings["local_hostnames"] = list(LOCAL_HOSTNAMES)
            return settings

        def init_handlers(self):
            wrapped = []
            for spec in super().init_handlers():
                if isinstance(spec, tuple) and len(spec) >= 2:
                    spec = (spec[0], _origin_checked(spec[1]), *spec[2:])
                wrapped.append(spec)
            return wrapped

    return PresenterVoila


def main(argv: list[str] | None = None) -> None:
    from traitlets.config import Config

    token = os.environ.pop(TOKEN_ENV, "")
    if len(token) < 16:
        sys.exit(f"error: set {TOKEN_ENV} to a random token of at least 16 characters (helpers.present does)")
    config = Config()
    config.Voila.token = token
    config.Voila.tornado_settings = {"allow_remote_access": False, "local_hostnames": list(LOCAL_HOSTNAMES)}
    _presenter_class().launch_instance(argv, config=config)


if __name__ == "__main__":
    main()
