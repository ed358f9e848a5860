"""Measures the Spark job (local mode) per wiretrace stage and per Spark stage.

    python benches/spark_measure.py CORPUS OUT [--master local[2]] [--partitions N]
        [--driver-memory 4g] [--conf KEY=VALUE ...]

Prints the job's stage times, then for each Spark stage: duration, shuffle write/read bytes and
the largest peak execution memory of a task (from Spark's REST API of the running application),
and the totals. Run with the venv where `wiretrace` and `pyspark` are installed.
"""

import argparse
import json
import os
import time
import urllib.request

from wiretrace.spark import run_scan, session


def get(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.load(r)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("corpus")
    p.add_argument("out")
    p.add_argument("--master", default="local[2]")
    p.add_argument("--partitions", type=int, default=8)
    p.add_argument("--driver-memory", default="4g")
    p.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                   help="a Spark setting for the session (repeatable), as spark-submit's --conf")
    p.add_argument("--jobs", action="store_true",
                   help="also list each Spark job with its wall time, and the time between jobs")
    a = p.parse_args()
    if a.conf:
        # Settings the JVM reads at start (memory fractions, result size): passed the way
        # spark-submit passes them.
        os.environ["PYSPARK_SUBMIT_ARGS"] = "".join(f"--conf {c} " for c in a.conf) + "pyspark-shell"
    t0 = time.time()
    spark = session(a.master, driver_memory=a.driver_memory)
    spark.sparkContext.setLogLevel("ERROR")
    t1 = time.time()
    r = run_scan(spark, [a.corpus, "--out", a.out, "--quiet"], a.partitions)
    t2 = time.time()
    print(f"session start {t1 - t0:.1f}s; job {t2 - t1:.1f}s")
    print("stages: " + ", ".join(f"{n} {s:.1f}s" for n, s in r["stages"]))
    print("counts: " + json.dumps(r["counts"]))
    print(f"texts fetched by the driver: {r['texts_to_driver']}; components in {r['component_rounds']} round(s)")
    ui = spark.sparkContext.uiWebUrl
    app = spark.sparkContext.applicationId
    stages = get(f"{ui}/api/v1/applications/{app}/stages?status=complete")
    tot_w = tot_r = 0
    peak = 0
    rows = []
    for s in sorted(stages, key=lambda s: s["stageId"]):
        q = get(f"{ui}/api/v1/applications/{app}/stages/{s['stageId']}/{s['attemptId']}/taskSummary?quantiles=1.0")
        pm = int(q.get("peakExecutionMemory", [0])[0]) if q.get("peakExecutionMemory") else 0
        peak = max(peak, pm)
        tot_w += s["shuffleWriteBytes"]
        tot_r += s["shuffleReadBytes"]
        rows.append((s["stageId"], s["name"][:60], s["executorRunTime"] / 1000, s["numTasks"],
                     s["shuffleWriteBytes"], s["shuffleReadBytes"], pm))
    print("| stage | name | task time s | tasks | shuffle write MB | shuffle read MB | peak exec mem/task MB |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for sid, name, rt, nt, w, rd, pm in rows:
        if rt >= 0.5 or w > 1e6:
            print(f"| {sid} | {name} | {rt:.1f} | {nt} | {w / 1e6:.1f} | {rd / 1e6:.1f} | {pm / 1e6:.1f} |")
    print(f"total shuffle write {tot_w / 1e6:.1f} MB, read {tot_r / 1e6:.1f} MB; "
          f"largest task peak execution memory {peak / 1e6:.1f} MB")
    if a.jobs:
        # Wall time in Spark jobs, against the job's: the rest is the driver's own work (and
        # Spark's planning) between jobs.
        jobs = sorted(get(f"{ui}/api/v1/applications/{app}/jobs"), key=lambda j: j["jobId"])
        stamp = lambda t: time.mktime(time.strptime(t[:19], "%Y-%m-%dT%H:%M:%S")) + int(t[20:23]) / 1000
        busy = 0.0
        print("| job | name | wall s |")
        print("|---:|---|---:|")
        for j in jobs:
            if "completionTime" not in j:
                continue
            d = stamp(j["completionTime"]) - stamp(j["submissionTime"])
            busy += d
            print(f"| {j['jobId']} | {j['name'][:60]} | {d:.1f} |")
        print(f"{len(jobs)} jobs, {busy:.1f} s of wall time in them (they may overlap); job {t2 - t1:.1f} s")
    spark.stop()


if __name__ == "__main__":
    main()
