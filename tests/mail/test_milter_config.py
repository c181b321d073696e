#!/usr/bin/env python3
"""redact-milter refuses a configuration it cannot fully understand (a typo must never turn
redaction off) and accepts the shipped example: `redact-milter --config FILE --check`."""
import json
import os
import subprocess
import sys
import tempfile

milter, data_dir, example = sys.argv[1:4]
env = dict(os.environ, REDACT_DATA_DIR=data_dir)
results = []


def run(cfg):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "c.json")
        open(path, "w").write(cfg if isinstance(cfg, str) else json.dumps(cfg))
        r = subprocess.run([milter, "--config", path, "--check"], capture_output=True, text=True,
                           env=env, timeout=120)
        return r.returncode, (r.stdout + r.stderr).strip()


def expect(cfg, ok, what):
    rc, out = run(cfg)
    good = (rc == 0) == ok
    results.append(good)
    print(("PASS " if good else "FAIL ") + f"{what}: rc={rc} {out[-140:]}")


r = subprocess.run([milter, "--config", example, "--check"], capture_output=True, text=True, env=env)
results.append(r.returncode == 0)
print(("PASS " if r.returncode == 0 else "FAIL ") + f"shipped example deploy/milter/redact-milter.json loads ({r.stdout.strip()}{r.stderr.strip()})")
expect({}, True, "empty object: defaults (redact everything, hold on failure)")
expect({"routes": [{"recipient_domains": ["*"], "on_falure": "hold"}]}, False, "typo in a route key")
expect({"max_concurent_redactions": 4}, False, "typo in a top-level key")
expect({"routes": [{"recipient_domains": ["*"], "on_failure": "pass"}]}, False, "on_failure cannot be pass")
expect({"routes": [{"recipient_domains": ["*"], "action": "skip"}]}, False, "unknown route action")
expect({"routes": [{"recipient_domains": []}]}, False, "route without domains")
expect({"sender_networks": ["10.0.0.0/33"]}, False, "bad network prefix")
expect({"sender_networks": ["example.org"]}, False, "host name instead of a network")
expect({"hold_text_categories": ["mynumber"]}, False, "unknown category")
expect({"routes": [{"recipient_domains": ["*"], "policy": {"categories": {"persn": False}}}]},
       False, "inline policy with an unknown category")
expect({"routes": [{"recipient_domains": ["*"], "policy": "/nonexistent/policy.json"}]},
       False, "missing policy file")
expect({"max_concurrent_redactions": 0}, False, "zero redaction slots")
expect({"message_timeout_seconds": "60"}, False, "a number given as a string")
expect("{not json", False, "not JSON")
failed = results.count(False)
print(f"{len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
