#!/usr/bin/env python3
"""Runs the libFuzzer programs of tests/fuzz one after another (never two at once).

  run_fuzzers.py --bin BUILD/bin --seeds SEEDS --corpus WORK (--seconds N | --cpu-seconds N)
                 [--targets a,b] [--log F]

Each target runs for N seconds of wall time (--seconds) or until it has used N seconds of
CPU (--cpu-seconds: the bar counts CPU, and a niced fuzzer on a busy machine gets less CPU
than wall time) on WORK/<target> (new inputs are kept there) with
SEEDS/<target> as the read-only seed corpus. A crash, leak, sanitizer report, timeout or
out-of-memory stops that target with the reproducer in WORK/artifacts/ and makes the run
fail (exit 1). One JSON line per target goes to --log: seconds, executions, coverage.
The smoke test in ctest uses a few seconds per target; long runs use the same command
with a bigger --seconds (see README, "Hardening").
"""
import argparse
import json
import os
import pathlib
import re
import resource
import signal
import subprocess
import sys
import threading
import time

TARGETS = ["pdf", "content", "cmap", "flate", "ccitt", "jbig2", "image_file", "detect", "mime"]
# Built only when the mail gateway is part of the build (GMime 3, libmilter).
OPTIONAL = {"mime"}


INTERRUPTED_EXIT = 72  # libFuzzer's -interrupted_exitcode: it stopped on SIGINT


def cpu_seconds_of(pid):
    """User + system CPU seconds of a running process (from /proc, Linux)."""
    try:
        fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_until(cmd, env, cpu_budget):
    """Runs one fuzzer; with a CPU budget, sends SIGINT (libFuzzer then prints its final
    stats and exits with INTERRUPTED_EXIT) once the process has used that much CPU.
    Returns (CompletedProcess-like result, whether we stopped it)."""
    with subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, errors="replace") as p:
        stopped = False
        if cpu_budget:
            # stderr is drained by a thread so the fuzzer never blocks on a full pipe.
            chunks = []
            reader = threading.Thread(target=lambda: chunks.append(p.stderr.read()))
            reader.start()
            while p.poll() is None:
                if not stopped and cpu_seconds_of(p.pid) >= cpu_budget:
                    p.send_signal(signal.SIGINT)
                    stopped = True
                time.sleep(2)
            reader.join()
            err = "".join(chunks)
        else:
            err = p.stderr.read()
            p.wait()
    return subprocess.CompletedProcess(cmd, p.returncode, "", err), stopped


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--seeds", required=True)
    ap.add_argument("--corpus", required=True)
    budget = ap.add_mutually_exclusive_group(required=True)
    budget.add_argument("--seconds", type=int, help="wall seconds per target")
    budget.add_argument("--cpu-seconds", type=int, help="CPU seconds per target")
    ap.add_argument("--targets", default=",".join(TARGETS))
    ap.add_argument("--log", help="append one JSON line per target")
    ap.add_argument("--rss-limit-mb", type=int, default=2560)
    # libFuzzer's -timeout is wall time: a fuzzer under nice on a busy machine needs more
    # (a 1 s input took 41 s of wall time there). A real hang still shows, later.
    ap.add_argument("--timeout", type=int, default=30, help="seconds (wall) one input may take")
    a = ap.parse_args()
    work = pathlib.Path(a.corpus)
    arts = work / "artifacts"
    arts.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    # Leaks are findings too, except in libraries we do not own (lsan.supp documents each).
    here = pathlib.Path(__file__).resolve().parent.parent / "sanitizers"
    env.setdefault("LSAN_OPTIONS", f"suppressions={here / 'lsan.supp'}:print_suppressions=0")
    env.setdefault("UBSAN_OPTIONS", f"suppressions={here / 'ubsan.supp'}:print_stacktrace=1:halt_on_error=1")
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:allocator_may_return_null=1")
    failed = []
    for t in a.targets.split(","):
        exe = pathlib.Path(a.bin) / f"fuzz_{t}"
        seeds = pathlib.Path(a.seeds) / t
        if t in OPTIONAL and not exe.exists():
            print(f"fuzz_{t}: not built here (optional)")
            continue
        if not exe.exists() or not seeds.is_dir() or not any(seeds.iterdir()):
            print(f"fuzz_{t}: missing program or seeds ({exe}, {seeds})")
            failed.append(t)
            continue
        corpus = work / t
        corpus.mkdir(parents=True, exist_ok=True)
        cmd = [str(exe), str(corpus), str(seeds), f"-max_total_time={a.seconds or 0}",
               f"-rss_limit_mb={a.rss_limit_mb}", f"-timeout={a.timeout}", "-malloc_limit_mb=2048",
               f"-artifact_prefix={arts}/{t}-", "-print_final_stats=1"]
        start = time.time()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        p, stopped = run_until(cmd, env, a.cpu_seconds)
        secs = time.time() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # CPU time is what the bar counts; wall time overstates it under nice on a busy machine.
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        out = p.stderr
        runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", out)
        cov = re.findall(r"\bcov: (\d+) ft: (\d+)", out)
        rec = {"target": t, "seconds": round(secs, 1), "cpu_seconds": round(cpu, 1),
               "exit": p.returncode,
               "runs": int(runs[-1]) if runs else 0,
               "cov": int(cov[-1][0]) if cov else 0, "ft": int(cov[-1][1]) if cov else 0,
               "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        if stopped and p.returncode == INTERRUPTED_EXIT:
            rec["stopped"] = "cpu budget"
        elif p.returncode != 0:
            art = re.findall(r"Test unit written to (\S+)", out)
            rec["artifact"] = art[-1] if art else ""
            failed.append(t)
            # The report's stack and reason (no input bytes are printed by our targets).
            tail = [l for l in out.splitlines() if not l.startswith("#")][-60:]
            print("\n".join(tail))
        print(json.dumps(rec), flush=True)
        if a.log:
            with open(a.log, "a") as f:
                f.write(json.dumps(rec) + "\n")
    if failed:
        print("fuzzers failed: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
