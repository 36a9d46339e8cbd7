"""The web face of amnestyrules: a JSON API and a page for lawyers (``amnestyrules serve``).

* :mod:`.app` builds the ASGI application (FastAPI) from :class:`~.app.Settings`;
* :mod:`.api` answers /api/* with exactly the JSON the command line prints;
* :mod:`.page` serves the page (server-rendered Jinja2 templates, a few lines of plain
  JavaScript, no build step), :mod:`.form` turns its form into a profile and back,
  :mod:`.view` shapes the answers for the templates;
* :mod:`.work` runs every evaluation on one engine thread under a per-request work budget;
* :mod:`.bodies` caps request bodies and reads profiles from them; :mod:`.errors` turns every
  failure into one line with its field path, never a traceback.

The server holds no state between requests: the profile travels in the request (the JSON body,
or the page's form).
"""
