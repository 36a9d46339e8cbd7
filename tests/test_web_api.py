"""The JSON API answers exactly what the command line prints, and refuses bad input in one line.

Every endpoint is compared with its command on every example profile; the command line runs in
this process on the same corpus (loading the rules once keeps the comparison fast).
"""

from __future__ import annotations

import io
import json
import threading
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any, Iterator

import pytest
from fastapi.testclient import TestClient

from amnestyrules.cli import common, main
from amnestyrules.law.corpus import load_corpus
from amnestyrules.web.app import Settings, create_app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
CORPUS = load_corpus()
AS_OF = "2026-01-01"
YAML = {"content-type": "application/yaml"}


@pytest.fixture(autouse=True)
def one_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line loads the rules once for the module (the API is given the same corpus)."""
    monkeypatch.setattr(common, "load_corpus", lambda dirs=(): CORPUS)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(corpus=CORPUS)) as c:
        yield c


def cli(*args: str) -> tuple[int, Any, str]:
    """(exit status, parsed JSON output or None, stderr) of ``amnestyrules ARGS``."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(list(args))
    return status, json.loads(out.getvalue()) if status == 0 else None, err.getvalue()


def after_file(message: str) -> str:
    """A one-line error without the file it names (the CLI names the profile's path, the API the request)."""
    return message.removeprefix("amnestyrules: error: ").strip().split(": ", 1)[1]


def post(client: TestClient, path: str, example: Path, **params: Any) -> Any:
    return client.post(path, content=example.read_bytes(), headers=YAML, params=params)


# ------------------------------------------------------------------------- the same answers as the command line

@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_endpoint_answers_what_its_command_prints(client: TestClient, example: Path) -> None:
    calls = [
        ("/api/evaluate", {"as_of": AS_OF}, ["evaluate", str(example), "--format", "json", "--as-of", AS_OF]),
        ("/api/compare", {"as_of": AS_OF}, ["compare", str(example), "--format", "json", "--as-of", AS_OF]),
        ("/api/explain", {"as_of": AS_OF, "decree": "LD-7-2022"},
         ["explain", str(example), "--decree", "LD-7-2022", "--format", "json", "--as-of", AS_OF]),
        ("/api/timeline", {"as_of": AS_OF}, ["timeline", str(example), "--format", "json", "--as-of", AS_OF]),
    ]
    for path, params, args in calls:
        status, expected, err = cli(*args)
        r = post(client, path, example, **params)
        if status == 0:
            assert r.status_code == 200, (path, r.text)
            assert r.json() == expected, path
        else:       # e.g. a timeline of a profile without sentences: the same refusal, in one line
            assert status == 2 and r.status_code == 422, (path, r.text)
            assert after_file(r.json()["error"]) == after_file(err), path
            assert "\n" not in r.json()["error"]


def test_evaluate_in_arabic_and_for_chosen_decrees_is_the_commands_answer(client: TestClient) -> None:
    example = ROOT / "examples" / "stacked-terrorism-and-weapons.yaml"
    _, expected, _ = cli("evaluate", str(example), "--format", "json", "--lang", "ar", "--as-of", AS_OF,
                         "--decree", "LD-7-2022", "--decree", "LD-3-2022")
    r = client.post("/api/evaluate", content=example.read_bytes(), headers=YAML,
                    params={"lang": "ar", "as_of": AS_OF, "decree": ["LD-7-2022", "LD-3-2022"]})
    assert r.status_code == 200 and r.json() == expected
    assert [x["decree"] for x in expected["results"]] == ["LD-3-2022", "LD-7-2022"]


def test_a_json_body_and_a_yaml_body_give_the_same_answer(client: TestClient) -> None:
    import yaml
    example = ROOT / "examples" / "terrorism-death-unknown.yaml"
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    as_json = client.post("/api/evaluate", content=json.dumps(data, default=str), params={"as_of": AS_OF},
                          headers={"content-type": "application/json"})
    assert as_json.status_code == 200
    assert as_json.json() == post(client, "/api/evaluate", example, as_of=AS_OF).json()


def test_reference_endpoints_are_the_commands_json(client: TestClient) -> None:
    for path, args in [("/api/decrees", ["decrees", "--format", "json"]),
                       ("/api/decrees?lang=ar", ["decrees", "--format", "json", "--lang", "ar"]),
                       ("/api/statutes", ["statutes", "--format", "json"]),
                       ("/api/statutes/military-penal-code", ["statutes", "military-penal-code", "--format", "json"]),
                       ("/api/facts", ["facts", "--format", "json"])]:
        _, expected, _ = cli(*args)
        r = client.get(path)
        assert r.status_code == 200 and r.json() == expected, path


@pytest.mark.parametrize("backend", ["compiled", "durable"])
def test_every_backend_gives_the_default_answer(client: TestClient, backend: str) -> None:
    example = ROOT / "examples" / "stacked-terrorism-and-weapons.yaml"
    default = post(client, "/api/evaluate", example, as_of=AS_OF).json()     # python, the reference
    other = post(client, "/api/evaluate", example, as_of=AS_OF, backend=backend)
    assert other.status_code == 200 and other.json() == default


def test_every_evaluation_runs_on_one_engine_thread(client: TestClient) -> None:
    """Concurrent requests, on every backend, are all evaluated on the server's one engine thread
    (durable-rules must never be called from two threads: upstream jruizgit/rules #291, #124)."""
    from amnestyrules.web import api
    seen: set[int] = set()
    real = api.evaluate_all

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.add(threading.get_ident())
        return real(*args, **kwargs)

    example = ROOT / "examples" / "terrorism-freed.yaml"
    statuses: list[int] = []
    mp = pytest.MonkeyPatch()
    mp.setattr(api, "evaluate_all", spy)
    try:
        threads = [threading.Thread(target=lambda b=backend: statuses.append(
            post(client, "/api/evaluate", example, backend=b).status_code)) for backend in ["compiled", "python", "durable"] * 3]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        mp.undo()
    assert statuses == [200] * 9
    assert len(seen) == 1 and threading.get_ident() not in seen


# ------------------------------------------------------------------------- bad input: one line, a field, a 4xx

def test_malformed_json_is_422_naming_the_line(client: TestClient) -> None:
    r = client.post("/api/evaluate", content=b'{"id": "x", "person": {', headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["error"].startswith("request.json: line 1: expected valid JSON")


def test_unknown_statute_is_the_commands_message(client: TestClient, tmp_path: Path) -> None:
    body = "id: x\nperson: {nationality: syrian}\ncharges:\n  - {id: c1, statute: penal-cod, article: '312', stage: accused}\n"
    (tmp_path / "bad.yaml").write_text(body)
    status, _, err = cli("evaluate", str(tmp_path / "bad.yaml"))
    r = client.post("/api/evaluate", content=body.encode(), headers=YAML)
    assert status == 2 and r.status_code == 422
    assert r.json() == {"error": "request.yaml: " + after_file(err), "field": "charges[0].statute"}
    assert "did you mean 'penal-code'?" in r.json()["error"]


def test_impossible_date_is_422_naming_the_field(client: TestClient) -> None:
    body = ("id: x\nperson: {nationality: syrian}\ncharges:\n  - {id: c1, statute: penal-code, article: '312',"
            " stage: accused, offence_date: 2022-02-30}\n")
    r = client.post("/api/evaluate", content=body.encode(), headers=YAML)
    assert r.status_code == 422 and r.json()["field"] == "charges[0].offence_date"
    assert "2022-02-30" in r.json()["error"]


@pytest.mark.parametrize("params, field", [({"decree": "LD-7-2021"}, "decree"), ({"as_of": "2022-13-01"}, "as_of"),
                                           ({"lang": "fr"}, "lang"), ({"backend": "rete"}, "backend")])
def test_bad_options_are_422_in_one_line(client: TestClient, params: dict[str, str], field: str) -> None:
    r = post(client, "/api/evaluate", ROOT / "examples" / "terrorism-freed.yaml", **params)
    assert r.status_code == 422 and r.json()["field"] == field
    assert "\n" not in r.json()["error"] and list(params.values())[0] in r.json()["error"]


def test_a_profile_over_the_size_cap_is_refused_before_it_is_read(client: TestClient) -> None:
    big = b"id: x\n" + b"# padding\n" * 120_000
    r = client.post("/api/evaluate", content=big, headers=YAML)
    assert r.status_code == 413 and "at most 1000000 bytes" in r.json()["error"]

    def chunks() -> Iterator[bytes]:       # no Content-Length: counted as it streams in
        for _ in range(200):
            yield b"#" * 10_000

    r = client.post("/api/evaluate", content=chunks(), headers=YAML)
    assert r.status_code == 413 and r.json()["field"] == "body"
    under_cap = b"id: x\n" + b"#" * 300_000      # under the server's cap, over a profile file's size
    r = client.post("/api/evaluate", content=under_cap, headers=YAML)
    assert r.status_code == 413 and "a profile of at most 256000 bytes" in r.json()["error"]


def test_a_profile_over_the_work_budget_is_refused_naming_the_charge() -> None:
    """With a budget of 40 completions, a charge with several unknown facts cannot be explored in full:
    the API refuses (4xx, one line, the charge's field path) rather than answering in part."""
    example = ROOT / "examples" / "terrorism-death-unknown.yaml"
    with TestClient(create_app(Settings(budget_leaves=40), corpus=CORPUS)) as small:
        r = post(small, "/api/evaluate", example)
        assert r.status_code == 422, r.text
        assert r.json()["field"].startswith("charges[") and "work budget of 40 completions" in r.json()["error"]
        r = post(small, "/api/compare", example)
        assert r.status_code == 422 and "work budget" in r.json()["error"]
        assert post(small, "/api/evaluate", ROOT / "examples" / "held-without-charge.yaml").status_code == 200


def test_other_failures_are_one_line_too() -> None:
    from amnestyrules.web import api
    with TestClient(create_app(corpus=CORPUS), raise_server_exceptions=False) as c:
        assert c.post("/api/evaluate", content=b"{}", headers={"content-type": "text/csv"}).status_code == 415
        r = c.get("/api/nothing-here")
        assert r.status_code == 404 and r.json()["error"] == "request: Not Found"
        mp = pytest.MonkeyPatch()
        mp.setattr(api, "envelope", lambda *a, **k: 1 / 0)
        try:
            r = post(c, "/api/evaluate", ROOT / "examples" / "terrorism-freed.yaml")
        finally:
            mp.undo()
        assert r.status_code == 500 and "Traceback" not in r.text
        assert r.json()["error"].startswith("internal error (ZeroDivisionError: division by zero)")
        assert post(c, "/api/evaluate", ROOT / "examples" / "terrorism-freed.yaml").status_code == 200


# ------------------------------------------------------------------------- the service around the answers

def test_openapi_describes_every_endpoint_and_the_profile_body(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {"/api/decrees", "/api/statutes", "/api/statutes/{statute_id}", "/api/facts",
                                  "/api/evaluate", "/api/explain", "/api/compare", "/api/timeline"}
    body = spec["paths"]["/api/evaluate"]["post"]["requestBody"]["content"]
    assert body["application/json"]["schema"]["required"] == ["id", "person"]
    assert "application/yaml" in body
    assert client.get("/docs").status_code == 404          # the docs page would load scripts from a CDN


def test_no_cross_origin_calls_unless_configured(client: TestClient) -> None:
    origin = {"origin": "https://example.org"}
    assert "access-control-allow-origin" not in client.get("/api/facts", headers=origin).headers
    with TestClient(create_app(Settings(cors_origins=("https://example.org",)), corpus=CORPUS)) as open_to_one:
        assert open_to_one.get("/api/facts", headers=origin).headers["access-control-allow-origin"] == \
            "https://example.org"
        other = open_to_one.get("/api/facts", headers={"origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers


def test_the_real_server_keeps_serving_after_bad_input() -> None:
    """``amnestyrules serve`` itself, over a socket: bad input, an oversize body, then a good request."""
    import http.client

    from web_support import running_server
    example = (ROOT / "examples" / "terrorism-freed.yaml").read_bytes()
    with running_server() as base:
        host, port = base.removeprefix("http://").split(":")
        for body, kind, expected in [(b"{", "application/json", 422), (b"x" * 2_000_000, "application/json", 413),
                                     (b"\xff\xfe", "application/yaml", 422), (example, "application/yaml", 200)]:
            conn = http.client.HTTPConnection(host, int(port), timeout=30)
            try:
                conn.request("POST", "/api/evaluate", body=body, headers={"Content-Type": kind})
                response = conn.getresponse()
                payload = json.loads(response.read())
            finally:
                conn.close()
            assert response.status == expected, payload
            if expected != 200:
                assert "\n" not in payload["error"] and "Traceback" not in payload["error"]
        assert payload["profile"] == "terrorism-freed"


def test_serve_refuses_bad_options_in_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Bad rules or a bad port stop ``amnestyrules serve`` before it listens: exit 2, one line."""
    assert main(["serve", "--rules", str(tmp_path / "missing"), "--port", "8123"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing: (top level): expected a rules directory" in err
    assert main(["serve", "--port", "70000"]) == 2
    assert "--port: expected a port number from 1 to 65535, got 70000" in capsys.readouterr().err
