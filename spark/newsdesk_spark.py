#!/usr/bin/env python3
"""newsdesk on Apache Spark: web archives in, Parquet out.

`newsdesk` itself is the per-partition worker: this driver only spreads a list
of WARC files over Spark executors, one partition per WARC, and on each runs

    newsdesk analyze --format jsonl --signatures -j THREADS PATH   (a local file)
    newsdesk analyze --format jsonl --signatures -j THREADS -      (a URL, streamed in)

as a subprocess, reading its JSON Lines as they come. A URL is downloaded in
chunks straight into the subprocess's stdin, so no WARC is ever held in
Python memory; newsdesk reads it record by record.

Stages
------
1. ``run``: the paths file (one WARC path or http(s) URL a line, `#` comments
   allowed; Common Crawl's ``warc.paths`` style, where ``crawl-data/...`` is
   joined to ``--base-url``) → ``OUT/records`` (Parquet, partitioned by
   ``date`` and ``lang``) and ``OUT/signatures`` (Parquet). Then stage 2,
   unless ``--skip-groups``.
2. ``groups``: ``OUT/signatures`` → ``OUT/groups``: near-duplicate groups
   across all partitions. Candidate pairs share an LSH band (a Spark join on
   (band, key)); a pair is kept when the MinHash estimate of the Jaccard
   similarity of word 5-shingles is ≥ ``--threshold`` (0.5, the embedded
   corpus's default); records with the same normalised-text hash are exact
   duplicates. Groups are the connected components of these pairs (min-label
   propagation, one round per step of the longest chain).
3. ``export-jsonl``: ``OUT/records`` → one ``.jsonl`` file that ``newsdesk
   ingest`` reads (see "Loading back").

Datasets
--------
``records``: one row per record newsdesk printed. Columns: ``source`` (the
archive as given, ``#``, the record's index in it; the record id),
``url``, ``canonical_url``, ``title``, ``published``, ``modified``,
``language``, ``site_name``, ``description``, ``image``, ``source_language``,
``text``, ``fetched_at`` (strings); ``authors``, ``tags``, ``warnings``
(lists of strings); ``sentences``, ``tokens`` (integers); ``text_hash``
(64-bit), ``minhash`` (100 values), ``lsh_bands`` (20 keys) — the signature
fields of ``newsdesk analyze --signatures``; ``blocks``, ``next``,
``related``, ``entities``, ``quotes``, ``keyphrases``, ``events`` as JSON
text (the nested values exactly as newsdesk printed them); ``extra`` (JSON
text of any other field, null when none); ``error`` (set, with ``source``,
for a record that could not be read or analysed: the rest is null);
``archive`` (the path or URL the record came from). Partition columns:
``date`` = ``YYYY-MM-DD`` of ``published``, else of ``fetched_at``, else
``unknown`` (the date as written, not converted to UTC); ``lang`` =
``language`` or ``unknown``. Read it with
``spark.sql.sources.partitionColumnTypeInference.enabled=false`` to keep
``date`` a string.

``signatures``: ``id`` (= ``source``), ``url``, ``text_hash``, ``minhash``,
``lsh_bands`` for every record with a text hash.

``groups``: ``id``, ``group_id`` (the smallest id of its group) for every
record of ``signatures``; a record without copies is its own group.

Loading back
------------
What works today: ``export-jsonl`` writes ``{url, text, fetched_at}`` lines,
``text`` being the title, a blank line, then the body, and

    newsdesk ingest OUT.jsonl --data ./corpus

reads them as scraped text (the first line becomes the title again), and
re-runs extraction, analysis, duplicate grouping and story linking on one
machine. The analysis columns and the Spark groups are not imported as such:
``newsdesk ingest`` computes its own. The records can also be read directly
from Parquet by any Parquet reader (Spark, DuckDB, pandas/pyarrow).

Exit status of the worker: newsdesk exits 1 when some records failed (they
are ``error`` rows); the task fails (and Spark retries it) only on another
exit status, a crash, or a download that broke off.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections import deque
from typing import Iterable, Iterator

# Spark is imported inside the functions that need it, so that the pure
# helpers (parsing, partition keys) can be imported and tested without a JVM.

#: Top-level string fields of a newsdesk record, kept as typed columns.
STRING_FIELDS = [
    "source", "url", "canonical_url", "title", "published", "modified", "language",
    "site_name", "description", "image", "source_language", "text", "fetched_at", "error",
]
#: Top-level lists of strings.
STRING_LIST_FIELDS = ["authors", "tags", "warnings"]
#: Top-level integers.
INT_FIELDS = ["sentences", "tokens", "text_hash"]
#: Top-level lists of integers (the signature).
INT_LIST_FIELDS = ["minhash", "lsh_bands"]
#: Nested fields, stored as JSON text.
JSON_FIELDS = ["blocks", "next", "related", "entities", "quotes", "keyphrases", "events"]
#: Columns the driver adds.
ADDED_FIELDS = ["extra", "archive", "date", "lang"]

RECORD_FIELDS = STRING_FIELDS + STRING_LIST_FIELDS + INT_FIELDS + INT_LIST_FIELDS + JSON_FIELDS
DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})")
#: Bytes per read when a URL is streamed into newsdesk.
CHUNK = 1 << 20
#: Lines of newsdesk's stderr kept for an error message.
STDERR_TAIL = 40


# ---------------------------------------------------------------- paths


def read_paths(path: str, base_url: str | None) -> list[str]:
    """The WARC locations listed in `path`: URLs as they are, relative paths
    joined to `base_url` when one is given, local paths made absolute."""
    found = []
    with open(path, encoding="utf-8") as listing:
        for line in listing:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            found.append(resolve(line, base_url))
    return found


def resolve(entry: str, base_url: str | None) -> str:
    if is_url(entry):
        return entry
    if base_url and not os.path.isabs(entry):
        return urllib.parse.urljoin(base_url.rstrip("/") + "/", entry)
    return os.path.abspath(entry)


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


# ---------------------------------------------------------------- records


def date_key(record: dict) -> str:
    """YYYY-MM-DD of `published`, else of `fetched_at`, else `unknown`."""
    for field in ("published", "fetched_at"):
        match = DATE_PREFIX.match(record.get(field) or "")
        if match:
            return match.group(1)
    return "unknown"


def to_row(record: dict, archive: str) -> tuple:
    """A newsdesk record as a row of `record_schema()`."""
    row = []
    for name in STRING_FIELDS + STRING_LIST_FIELDS + INT_FIELDS + INT_LIST_FIELDS:
        row.append(record.get(name))
    for name in JSON_FIELDS:
        row.append(json.dumps(record[name], ensure_ascii=False) if name in record else None)
    extra = {k: v for k, v in record.items() if k not in RECORD_FIELDS}
    row.append(json.dumps(extra, ensure_ascii=False) if extra else None)
    row.append(archive)
    row.append(date_key(record))
    row.append(record.get("language") or "unknown")
    return tuple(row)


def from_row(row: dict) -> dict:
    """The newsdesk record a `records` row holds (the inverse of `to_row`);
    fields that are null are left out."""
    record = {}
    for name in STRING_FIELDS + STRING_LIST_FIELDS + INT_FIELDS + INT_LIST_FIELDS:
        value = row.get(name)
        if value is not None:
            record[name] = list(value) if isinstance(value, (list, tuple)) else value
    for name in JSON_FIELDS:
        if row.get(name) is not None:
            record[name] = json.loads(row[name])
    if row.get("extra"):
        record.update(json.loads(row["extra"]))
    return {k: v for k, v in record.items() if v is not None}


def record_schema():
    from pyspark.sql import types as T

    fields = [T.StructField(n, T.StringType()) for n in STRING_FIELDS]
    fields += [T.StructField(n, T.ArrayType(T.StringType())) for n in STRING_LIST_FIELDS]
    fields += [T.StructField(n, T.LongType()) for n in INT_FIELDS]
    fields += [T.StructField(n, T.ArrayType(T.LongType())) for n in INT_LIST_FIELDS]
    fields += [T.StructField(n, T.StringType()) for n in JSON_FIELDS + ADDED_FIELDS]
    return T.StructType(fields)


# ---------------------------------------------------------------- the worker


def analyze_archive(binary: str, location: str, threads: int) -> Iterator[tuple]:
    """Runs newsdesk on one WARC (a local path, or a URL streamed into its
    stdin) and yields its records as rows, as newsdesk prints them."""
    streamed = is_url(location)
    command = [binary, "analyze", "--format", "jsonl", "--signatures", "-j", str(threads),
               "-" if streamed else location]
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE if streamed else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    stderr_tail: deque[str] = deque(maxlen=STDERR_TAIL)
    feed_error: list[BaseException] = []
    helpers = [threading.Thread(target=_drain, args=(process.stderr, stderr_tail), daemon=True)]
    if streamed:
        helpers.append(threading.Thread(
            target=_feed, args=(location, process.stdin, feed_error), daemon=True))
    for helper in helpers:
        helper.start()
    finished = False
    try:
        for line in process.stdout:
            record = json.loads(line)
            if streamed and record.get("source", "").startswith("-#"):
                # Name the record after the URL, as it would be after a local path.
                record["source"] = location + record["source"][1:]
            yield to_row(record, location)
        finished = True
    finally:
        if not finished:
            # Stopped early (the task failed or was cancelled): stop newsdesk too.
            process.kill()
        status = process.wait()
        for helper in helpers:
            helper.join()
    if feed_error:
        raise RuntimeError(f"downloading {location} failed: {feed_error[0]}")
    if status not in (0, 1):
        tail = "".join(stderr_tail)
        raise RuntimeError(f"newsdesk failed on {location} (exit status {status}):\n{tail}")


def _feed(url: str, sink, errors: list) -> None:
    """Copies the body of `url` into `sink` chunk by chunk, then closes it."""
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            shutil.copyfileobj(response, sink, CHUNK)
    except BrokenPipeError:
        errors.append(RuntimeError("newsdesk stopped reading"))
    except Exception as error:  # noqa: BLE001 - reported by the task
        errors.append(error)
    finally:
        try:
            sink.close()
        except OSError:
            pass


def _drain(stream, tail: deque) -> None:
    for line in iter(stream.readline, b""):
        tail.append(line.decode("utf-8", "replace"))


def partition_worker(binary_name: str, threads: int):
    """The function each partition runs: newsdesk over its WARCs."""

    def work(items: Iterable[tuple[int, str]]) -> Iterator[tuple]:
        from pyspark import SparkFiles

        binary = SparkFiles.get(binary_name)
        if not os.access(binary, os.X_OK):
            os.chmod(binary, 0o755)
        for _, location in items:
            yield from analyze_archive(binary, location, threads)

    return work


# ---------------------------------------------------------------- stages


def session(master: str | None, executors: int | None, app: str):
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    if executors:
        builder = builder.config("spark.cores.max", str(executors)).config(
            "spark.executor.cores", "1")
    builder = (
        builder.config("spark.sql.shuffle.partitions", os.environ.get("NEWSDESK_SHUFFLE", "8"))
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .config("spark.executorEnv.PYTHONHASHSEED", "0")
        .config("spark.ui.showConsoleProgress", "false")
    )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark


def run_records(spark, locations: list[str], binary: str, out: str, threads: int) -> dict:
    """Stage 1: every WARC through newsdesk, into `out/records` and `out/signatures`."""
    from pyspark.sql import functions as F

    sc = spark.sparkContext
    sc.addFile(os.path.abspath(binary))
    sc.addPyFile(os.path.abspath(__file__))
    work = partition_worker(os.path.basename(binary), threads)
    started = time.time()
    rows = sc.parallelize(list(enumerate(locations)), max(1, len(locations))).mapPartitions(work)
    # The rows are built to the schema by `to_row`; checking each again in
    # Python would cost more than the conversion itself.
    records = spark.createDataFrame(rows, record_schema(), verifySchema=False)
    records.write.mode("overwrite").partitionBy("date", "lang").parquet(f"{out}/records")
    seconds_records = time.time() - started
    written = spark.read.parquet(f"{out}/records")
    signatures = written.where(F.col("error").isNull() & F.col("text_hash").isNotNull()).select(
        F.col("source").alias("id"), "url", "text_hash", "minhash", "lsh_bands")
    signatures.write.mode("overwrite").parquet(f"{out}/signatures")
    counts = written.groupBy(F.col("error").isNull().alias("ok")).count().collect()
    pages = sum(r["count"] for r in counts if r["ok"])
    failed = sum(r["count"] for r in counts if not r["ok"])
    return {
        "archives": len(locations),
        "pages": pages,
        "failed": failed,
        "seconds": round(time.time() - started, 3),
        "seconds_records": round(seconds_records, 3),
    }


def near_duplicate_groups(spark, out: str, threshold: float, max_rounds: int = 40) -> dict:
    """Stage 2: `out/signatures` → `out/groups` (id → group_id)."""
    from pyspark.sql import functions as F

    started = time.time()
    sig = spark.read.parquet(f"{out}/signatures").select("id", "text_hash", "minhash", "lsh_bands")
    # Near copies: pairs sharing a band, confirmed on the whole signature.
    bands = sig.where(F.col("lsh_bands").isNotNull()).select(
        "id", F.posexplode("lsh_bands").alias("band", "key"))
    a, b = bands.alias("a"), bands.alias("b")
    candidates = (
        a.join(b, (F.col("a.band") == F.col("b.band")) & (F.col("a.key") == F.col("b.key"))
               & (F.col("a.id") < F.col("b.id")))
        .select(F.col("a.id").alias("src"), F.col("b.id").alias("dst"))
        .distinct()
    )
    minhash = sig.where(F.col("minhash").isNotNull()).select("id", "minhash")
    ma = minhash.select(F.col("id").alias("src"), F.col("minhash").alias("ma"))
    mb = minhash.select(F.col("id").alias("dst"), F.col("minhash").alias("mb"))
    same = F.aggregate(
        F.zip_with("ma", "mb", lambda x, y: F.when(x == y, 1).otherwise(0)), F.lit(0),
        lambda acc, x: acc + x)
    near = (
        candidates.join(ma, "src").join(mb, "dst")
        .where((same / F.size("ma")) >= F.lit(threshold))
        .select("src", "dst")
    )
    # Exact copies: the same normalised text; each linked to its group's smallest id.
    first = sig.groupBy("text_hash").agg(F.min("id").alias("src"))
    exact = sig.join(first, "text_hash").where(F.col("id") != F.col("src")).select(
        "src", F.col("id").alias("dst"))
    edges = near.unionByName(exact).distinct().cache()
    both = edges.unionByName(edges.select(F.col("dst").alias("src"), F.col("src").alias("dst")))
    both = both.cache()
    # Connected components: every node takes the smallest label among itself
    # and its neighbours until nothing changes.
    labels = both.select(F.col("src").alias("id")).distinct().withColumn("label", F.col("id"))
    labels = labels.localCheckpoint()
    rounds = 0
    for rounds in range(1, max_rounds + 1):
        offered = both.join(labels, both.src == labels.id).select(
            F.col("dst").alias("id"), F.col("label"))
        updated = labels.unionByName(offered).groupBy("id").agg(F.min("label").alias("label"))
        updated = updated.localCheckpoint()
        changed = updated.alias("n").join(labels.alias("o"), "id").where(
            F.col("n.label") != F.col("o.label")).count()
        labels = updated
        if changed == 0:
            break
    else:
        raise RuntimeError(f"near-duplicate groups did not settle in {max_rounds} rounds")
    groups = sig.select("id").join(labels, "id", "left").select(
        "id", F.coalesce("label", "id").alias("group_id"))
    groups.write.mode("overwrite").parquet(f"{out}/groups")
    written = spark.read.parquet(f"{out}/groups")
    sizes = written.groupBy("group_id").count()
    return {
        "pairs": edges.count(),
        "rounds": rounds,
        "records": written.count(),
        "groups_with_copies": sizes.where(F.col("count") > 1).count(),
        "seconds": round(time.time() - started, 3),
    }


def export_jsonl(spark, out: str, target: str) -> int:
    """`out/records` → `target`: `{url, text, fetched_at}` lines for `newsdesk ingest`.

    Records without a body (a page where no article was found) are left out:
    re-ingesting their title alone would give no article either."""
    from pyspark.sql import functions as F

    rows = spark.read.parquet(f"{out}/records").where(F.col("error").isNull()).select(
        "source", "url", "title", "text", "fetched_at").orderBy("source")
    count = 0
    with open(target, "w", encoding="utf-8") as sink:
        for row in rows.toLocalIterator():
            if not row["url"] or not (row["text"] or "").strip():
                continue
            title = (row["title"] or "").strip()
            text = f"{title}\n\n{row['text']}" if title else row["text"]
            line = {"url": row["url"], "text": text, "fetched_at": row["fetched_at"]}
            sink.write(json.dumps(line, ensure_ascii=False) + "\n")
            count += 1
    return count


# ---------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--master", help="Spark master URL [default: Spark's own, e.g. local[*]]")
    parser.add_argument("--executors", type=int,
                        help="cores to use in all (spark.cores.max), one per executor")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="stage 1 (and 2): WARCs → records, signatures, groups")
    run.add_argument("--paths", required=True, help="file listing WARC paths or URLs")
    run.add_argument("--base-url", help="joined to relative paths (e.g. https://data.commoncrawl.org/)")
    run.add_argument("--out", required=True, help="output folder (or any Spark/Hadoop URI)")
    run.add_argument("--newsdesk", default=default_binary(), help="the newsdesk binary to ship")
    run.add_argument("--threads", type=int, default=1, help="newsdesk -j per task")
    run.add_argument("--threshold", type=float, default=0.5)
    run.add_argument("--skip-groups", action="store_true")

    groups = commands.add_parser("groups", help="stage 2: signatures → groups")
    groups.add_argument("--out", required=True)
    groups.add_argument("--threshold", type=float, default=0.5)

    export = commands.add_parser("export-jsonl", help="records → JSON Lines for newsdesk ingest")
    export.add_argument("--out", required=True)
    export.add_argument("--to", required=True, help="the .jsonl file to write")

    args = parser.parse_args(argv)
    summary: dict = {}
    if args.command == "run":
        if not os.path.isfile(args.newsdesk):
            parser.error(f"no newsdesk binary at {args.newsdesk} (see --newsdesk)")
        locations = read_paths(args.paths, args.base_url)
        if not locations:
            parser.error(f"{args.paths} lists no WARC")
    spark = session(args.master, args.executors, f"newsdesk-{args.command}")
    try:
        if args.command == "run":
            summary["records"] = run_records(spark, locations, args.newsdesk, args.out, args.threads)
            if not args.skip_groups:
                summary["groups"] = near_duplicate_groups(spark, args.out, args.threshold)
        elif args.command == "groups":
            summary["groups"] = near_duplicate_groups(spark, args.out, args.threshold)
        else:
            summary["exported"] = export_jsonl(spark, args.out, args.to)
        summary["master"] = spark.sparkContext.master
    finally:
        spark.stop()
    print(json.dumps(summary), flush=True)
    return 0


def default_binary() -> str:
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "target")
    return os.path.normpath(os.path.join(target, "release", "newsdesk"))


if __name__ == "__main__":
    sys.exit(main())
