//! Integration tests: the real `wiretrace` binary on small corpora this project writes.
//!
//! Each test gets its own temporary work directory ([`Workdir`]); corpora are constants or the
//! bundled `samples/`. Failures print what was expected and what came out.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_wiretrace");

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).expect("mkdir");
        }
        fs::write(&p, content).expect("write");
        p
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .current_dir(self.dir.path())
            .args(args)
            .output()
            .expect("run wiretrace")
    }

    fn run_stdin(&self, args: &[&str], input: &[u8]) -> Output {
        let mut child = Command::new(BIN)
            .current_dir(self.dir.path())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input)
            .expect("feed stdin");
        child.wait_with_output().expect("wait")
    }

    fn read(&self, name: &str) -> String {
        fs::read_to_string(self.path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn assert_ok(o: &Output) {
    assert!(
        o.status.success(),
        "exit {:?}\nstderr:\n{}",
        o.status.code(),
        stderr(o)
    );
}

/// The rows of a CSV report, header checked against `header`.
fn csv_rows(path: &Path, header: &[&str]) -> Vec<csv::StringRecord> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let got: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(got, header, "{}", path.display());
    r.records().map(|rec| rec.expect("record parses")).collect()
}

fn pair_set(path: &Path) -> BTreeSet<(String, String)> {
    csv_rows(path, &wiretrace::report::PAIRS_HEADER)
        .iter()
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect()
}

fn diff_sets(expected: &BTreeSet<(String, String)>, got: &BTreeSet<(String, String)>) -> String {
    let missing: Vec<_> = expected.difference(got).collect();
    let extra: Vec<_> = got.difference(expected).collect();
    format!("missing (expected, not reported): {missing:#?}\nextra (reported, not expected): {extra:#?}")
}

fn jsonl(records: &[(&str, &str, &str)]) -> String {
    records
        .iter()
        .map(|(id, outlet, text)| {
            serde_json::json!({"id": id, "outlet": outlet, "text": text}).to_string() + "\n"
        })
        .collect()
}

/// A wire story long enough to be reused, different for each seed word.
fn story(seed: &str, words: usize) -> String {
    (0..words)
        .map(|i| format!("{seed}{}", i * 7 % 101 + i))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn samples_scan_reports_exactly_the_expected_pairs() {
    let wd = Workdir::new();
    let out = wd.run(&[
        "scan",
        samples().join("corpus").to_str().unwrap(),
        "-o",
        "rep",
        "-q",
    ]);
    assert_ok(&out);
    let mut expected = BTreeSet::new();
    let mut r = csv::Reader::from_path(samples().join("expected_pairs.csv")).unwrap();
    for rec in r.records() {
        let rec = rec.unwrap();
        expected.insert((rec[0].to_string(), rec[1].to_string()));
    }
    let got = pair_set(&wd.path("rep/pairs.csv"));
    assert_eq!(expected, got, "{}", diff_sets(&expected, &got));
}

#[test]
fn every_report_parses_back_with_the_spec_header() {
    let wd = Workdir::new();
    assert_ok(&wd.run(&[
        "scan",
        samples().join("corpus").to_str().unwrap(),
        "-o",
        "rep",
        "-q",
    ]));
    use wiretrace::report::*;
    let pairs = csv_rows(&wd.path("rep/pairs.csv"), &PAIRS_HEADER);
    let passages = csv_rows(&wd.path("rep/passages.csv"), &PASSAGES_HEADER);
    let clusters = csv_rows(&wd.path("rep/clusters.csv"), &CLUSTERS_HEADER);
    let credits = csv_rows(&wd.path("rep/credits.csv"), &CREDITS_HEADER);
    let outlets = csv_rows(&wd.path("rep/outlets.csv"), &OUTLETS_HEADER);
    assert!(!pairs.is_empty() && !passages.is_empty() && !clusters.is_empty());
    assert!(!credits.is_empty() && !outlets.is_empty());
    for p in &pairs {
        assert!(p[0].as_bytes() < p[1].as_bytes(), "id_a < id_b: {p:?}");
        for col in 6..9 {
            let v: f64 = p[col].parse().unwrap();
            assert!((0.0..=1.0).contains(&v));
            assert!(
                p[col].split('.').nth(1).map_or(0, str::len) <= 4,
                "at most 4 decimals: {}",
                &p[col]
            );
        }
        assert!(p[10].chars().count() <= 300);
        assert!(
            p[13].parse::<u32>().unwrap() >= 1,
            "every pair has a cluster"
        );
    }
    // Passage offsets point at the passage text in the article as read.
    let texts = sample_texts();
    for ps in &passages {
        let (start, end): (usize, usize) = (ps[1].parse().unwrap(), ps[2].parse().unwrap());
        let text = &texts[&ps[0]];
        let slice: String = text.chars().skip(start).take(end - start).collect();
        let cut: String = slice.chars().take(300).collect();
        assert_eq!(cut, &ps[7], "passage of {} at {start}..{end}", &ps[0]);
        assert!(ps[6].parse::<u32>().unwrap() > 0);
    }
    for c in &clusters {
        assert!(["origin", "copy", "partial"].contains(&&c[5]));
    }
    for o in &outlets {
        let (articles, reusing): (u64, u64) = (o[2].parse().unwrap(), o[3].parse().unwrap());
        let (credited, uncredited): (u64, u64) = (o[5].parse().unwrap(), o[6].parse().unwrap());
        assert!(
            reusing <= articles && credited + uncredited == reusing,
            "{o:?}"
        );
    }
    let summary: serde_json::Value = serde_json::from_str(&wd.read("rep/summary.json")).unwrap();
    for key in ["read", "new", "skipped", "pairs", "clusters"] {
        assert!(summary["counts"].get(key).is_some(), "counts.{key}");
    }
    assert_eq!(
        summary["counts"]["pairs"].as_u64().unwrap() as usize,
        pairs.len()
    );
}

/// id → text of every JSONL sample article (the CSV and text-file ones are skipped).
fn sample_texts() -> std::collections::HashMap<String, String> {
    let mut out = std::collections::HashMap::new();
    for lang in ["en", "fr", "de", "es", "ar", "zh"] {
        for entry in fs::read_dir(samples().join("corpus").join(lang)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "jsonl") {
                for line in fs::read_to_string(&path).unwrap().lines() {
                    let v: serde_json::Value = serde_json::from_str(line).unwrap();
                    let id = v
                        .get("id")
                        .or_else(|| v.get("url"))
                        .and_then(|x| x.as_str())
                        .unwrap()
                        .to_string();
                    let text = v
                        .get("text")
                        .or_else(|| v.get("maintext"))
                        .and_then(|x| x.as_str())
                        .unwrap();
                    out.insert(id, text.to_string());
                }
            }
        }
    }
    for entry in fs::read_dir(samples().join("corpus/valley-times")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        out.insert(
            format!("valley-times/{name}"),
            fs::read_to_string(&path).unwrap(),
        );
    }
    let mut r = csv::Reader::from_path(samples().join("corpus/en/metro-gazette.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let (id, body) = (
        h.iter().position(|c| c == "article_id").unwrap(),
        h.iter().position(|c| c == "body").unwrap(),
    );
    for rec in r.records() {
        let rec = rec.unwrap();
        out.insert(rec[id].to_string(), rec[body].to_string());
    }
    out
}

#[test]
fn reports_are_byte_identical_across_thread_counts_and_runs() {
    let wd = Workdir::new();
    let corpus = samples().join("corpus");
    let c = corpus.to_str().unwrap();
    for (dir, threads) in [("j1", "1"), ("j2", "2"), ("j4", "4"), ("j2b", "2")] {
        assert_ok(&wd.run(&["scan", c, "-o", dir, "-q", "-j", threads]));
    }
    for name in [
        "pairs.csv",
        "passages.csv",
        "clusters.csv",
        "credits.csv",
        "outlets.csv",
    ] {
        let one = fs::read(wd.path(&format!("j1/{name}"))).unwrap();
        for dir in ["j2", "j4", "j2b"] {
            assert!(
                one == fs::read(wd.path(&format!("{dir}/{name}"))).unwrap(),
                "{name} differs between j1 and {dir}"
            );
        }
    }
}

#[test]
fn partial_reuse_is_found_and_a_shared_quote_is_not() {
    let wd = Workdir::new();
    let wire = story("wire", 300);
    let paras: Vec<&str> = wire.split(' ').collect();
    let lifted = paras[100..160].join(" ");
    let short = format!("{} {} {}", story("own", 80), lifted, story("more", 40));
    let quote = "we will rebuild every bridge and every school before winter comes";
    let indep_a = format!("{} \"{quote}\" {}", story("alpha", 150), story("beta", 100));
    let indep_b = format!("{} \"{quote}\" {}", story("gamma", 170), story("delta", 90));
    wd.write(
        "in.jsonl",
        jsonl(&[
            ("wire-1", "Reuters", &wire),
            ("short-1", "Daily", &short),
            ("indep-a", "Herald", &indep_a),
            ("indep-b", "Courier", &indep_b),
        ]),
    );
    assert_ok(&wd.run(&["scan", "in.jsonl", "-o", "rep", "-q"]));
    let got = pair_set(&wd.path("rep/pairs.csv"));
    let expected: BTreeSet<(String, String)> = [("short-1".to_string(), "wire-1".to_string())]
        .into_iter()
        .collect();
    assert_eq!(got, expected, "{}", diff_sets(&expected, &got));
    let rows = csv_rows(&wd.path("rep/pairs.csv"), &wiretrace::report::PAIRS_HEADER);
    assert_eq!(&rows[0][11], "wire-1", "the agency article is the origin");
    assert_eq!(&rows[0][12], "Reuters");
    assert_eq!(&rows[0][9], "60", "shared words");
}

#[test]
fn bad_records_are_skipped_counted_and_named() {
    let wd = Workdir::new();
    let good = jsonl(&[("a", "X", &story("w", 60)), ("b", "Y", &story("w", 60))]);
    let mut content = Vec::new();
    content.extend_from_slice(good.lines().next().unwrap().as_bytes());
    content.extend_from_slice(b"\n{\"id\": \"broken\", \"text\": \"no end\"\n");
    content.extend_from_slice(b"[1, 2, 3]\n");
    content.extend_from_slice(b"{\"id\": \"bad-utf8\", \"text\": \"\xff\xfe\"}\n");
    content.extend_from_slice(b"{\"id\": \"empty\", \"text\": \"   \"}\n");
    content.extend_from_slice(b"{\"id\": \"tiny\", \"text\": \"too short to compare\"}\n");
    content.extend_from_slice(good.lines().nth(1).unwrap().as_bytes());
    content.extend_from_slice(b"\n");
    content.extend_from_slice(good.lines().next().unwrap().as_bytes());
    content.push(b'\n');
    wd.write("dump.jsonl", &content);
    let out = wd.run(&["scan", "dump.jsonl", "-o", "rep"]);
    assert_ok(&out);
    let err = stderr(&out);
    assert!(err.contains("dump.jsonl: line 2: invalid JSON"), "{err}");
    assert!(
        err.contains("dump.jsonl: line 3: not a JSON object"),
        "{err}"
    );
    assert!(err.contains("dump.jsonl: line 4: invalid UTF-8"), "{err}");
    let summary: serde_json::Value = serde_json::from_str(&wd.read("rep/summary.json")).unwrap();
    let skipped = &summary["counts"]["skipped"];
    assert_eq!(skipped["invalid_json"], 1);
    assert_eq!(skipped["not_an_object"], 1);
    assert_eq!(skipped["invalid_utf8"], 1);
    assert_eq!(skipped["missing_text"], 1);
    assert_eq!(skipped["too_short"], 1);
    assert_eq!(skipped["duplicate_id"], 1);
    assert_eq!(summary["counts"]["read"], 8);
    assert_eq!(summary["counts"]["new"], 2);
    assert_eq!(
        pair_set(&wd.path("rep/pairs.csv")).len(),
        1,
        "the good records still pair up"
    );
}

#[test]
fn strict_fails_on_the_first_bad_record_and_keeps_old_reports() {
    let wd = Workdir::new();
    wd.write(
        "good.jsonl",
        jsonl(&[("a", "X", &story("w", 60)), ("b", "Y", &story("w", 60))]),
    );
    assert_ok(&wd.run(&["scan", "good.jsonl", "-o", "rep", "-q"]));
    let before = wd.read("rep/pairs.csv");
    wd.write(
        "bad.jsonl",
        format!("{}{{oops\n", jsonl(&[("c", "Z", &story("v", 60))])),
    );
    let out = wd.run(&["scan", "bad.jsonl", "-o", "rep", "-q", "--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error: bad.jsonl: line 2: invalid JSON"),
        "{}",
        stderr(&out)
    );
    assert_eq!(wd.read("rep/pairs.csv"), before);
    let leftovers: Vec<_> = fs::read_dir(wd.path("rep"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn no_panic_on_hostile_inputs() {
    let wd = Workdir::new();
    // A truncated gzip, an empty file, a 50 MB line, a CSV without a text column.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(jsonl(&[("g1", "X", &story("w", 60)), ("g2", "X", &story("u", 60))]).as_bytes())
        .unwrap();
    let gz = gz.finish().unwrap();
    wd.write("dir/cut.jsonl.gz", &gz[..gz.len() - 12]);
    wd.write("dir/empty.jsonl", "");
    let huge = format!(
        "{{\"id\":\"huge\",\"text\":\"{}\"}}\n",
        "x".repeat(50 << 20)
    );
    wd.write("dir/huge.jsonl", huge);
    let out = wd.run(&["scan", "dir", "-o", "rep", "-q"]);
    assert_ok(&out);
    let summary: serde_json::Value = serde_json::from_str(&wd.read("rep/summary.json")).unwrap();
    assert_eq!(
        summary["counts"]["skipped"]["truncated_input"], 1,
        "{summary}"
    );

    wd.write("notext.csv", "id,title\n1,hello\n");
    let out = wd.run(&["scan", "notext.csv", "-o", "rep2", "-q"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("notext.csv: no text column"),
        "{}",
        stderr(&out)
    );
    assert!(!wd.path("rep2/pairs.csv").exists());
}

#[test]
fn missing_input_and_bad_usage_exit_codes() {
    let wd = Workdir::new();
    let out = wd.run(&["scan", "nope.jsonl", "-o", "rep"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nope.jsonl"), "{}", stderr(&out));
    assert_eq!(
        wd.run(&["scan", "x", "--threshold", "2"]).status.code(),
        Some(2)
    );
    assert_eq!(wd.run(&["scan"]).status.code(), Some(2));
    assert_eq!(wd.run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(wd.run(&["--version"]).status.code(), Some(0));
}

#[test]
fn stdin_bom_and_formula_cells() {
    let wd = Workdir::new();
    let input = jsonl(&[
        ("=cmd", "X", &story("w", 60)),
        ("plain", "Y", &story("w", 60)),
    ]);
    let out = wd.run_stdin(&["scan", "-", "-o", "rep", "-q", "--bom"], input.as_bytes());
    assert_ok(&out);
    let bytes = fs::read(wd.path("rep/pairs.csv")).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let row = r.records().next().unwrap().unwrap();
    assert_eq!(&row[0], "'=cmd");
    assert!(
        out.stderr.is_empty(),
        "--quiet prints nothing: {}",
        stderr(&out)
    );
}

#[test]
fn explain_shows_the_shared_passage_and_credits() {
    let wd = Workdir::new();
    let wire = format!("LONDON (Reuters) - {}", story("wire", 120));
    let copy = format!("{}\n\nWith information from Reuters.", story("wire", 120));
    wd.write(
        "in.jsonl",
        jsonl(&[("w", "Reuters", &wire), ("c", "Daily", &copy)]),
    );
    let out = wd.run(&["explain", "w", "c", "in.jsonl"]);
    assert_ok(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("passage 1 120 words"), "{text}");
    assert!(text.contains("Reuters dateline"), "{text}");
    assert!(text.contains("Reuters end_credit"), "{text}");
    assert!(!text.contains('\x1b'), "no colour off a terminal");
    let out = wd.run(&["explain", "w", "nobody", "in.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
}

// ---------------------------------------------------------------------------------------------
// The index (cron mode).

/// Every JSONL line of the samples, in a fixed order.
fn sample_records() -> Vec<String> {
    let mut files = Vec::new();
    for lang in ["ar", "de", "en", "es", "fr", "zh"] {
        for entry in fs::read_dir(samples().join("corpus").join(lang)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "jsonl") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .iter()
        .flat_map(|f| {
            fs::read_to_string(f)
                .unwrap()
                .lines()
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect()
}

const REPORTS: [&str; 5] = [
    "pairs.csv",
    "passages.csv",
    "clusters.csv",
    "credits.csv",
    "outlets.csv",
];

fn assert_same_reports(wd: &Workdir, a: &str, b: &str) {
    for name in REPORTS {
        let x = wd.read(&format!("{a}/{name}"));
        let y = wd.read(&format!("{b}/{name}"));
        assert!(
            x == y,
            "{name} differs between {a} and {b}:\n--- {a}\n{x}\n--- {b}\n{y}"
        );
    }
}

mod incremental {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]

        /// Indexed runs over random batches write exactly the reports of one batch scan over
        /// the same articles in the same order; new_pairs.csv of each run lists what it added.
        #[test]
        fn indexed_batches_equal_one_scan(seed in any::<u64>(), cuts in proptest::collection::vec(0.0f64..1.0, 1..4)) {
            let wd = Workdir::new();
            let mut records = sample_records();
            // Shuffle deterministically from the seed.
            let mut state = seed;
            for i in (1..records.len()).rev() {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                records.swap(i, (state >> 33) as usize % (i + 1));
            }
            let mut bounds: Vec<usize> = cuts.iter().map(|c| (c * records.len() as f64) as usize).collect();
            bounds.push(0);
            bounds.push(records.len());
            bounds.sort_unstable();
            let mut names = Vec::new();
            let mut seen_pairs = BTreeSet::new();
            for (k, w) in bounds.windows(2).enumerate() {
                let name = format!("batch{k}.jsonl");
                wd.write(&name, records[w[0]..w[1]].join("\n") + "\n");
                let out = wd.run(&["scan", "--index", "ix.db", &name, "-o", "inc", "-q"]);
                prop_assert!(out.status.success(), "{}", stderr(&out));
                let all = pair_set(&wd.path("inc/pairs.csv"));
                let new = pair_set(&wd.path("inc/new_pairs.csv"));
                prop_assert!(new.is_subset(&all));
                prop_assert!(new.is_disjoint(&seen_pairs), "a pair reported new twice");
                seen_pairs.extend(new);
                names.push(name);
            }
            let mut args = vec!["scan", "-o", "batch", "-q"];
            args.extend(names.iter().map(String::as_str));
            prop_assert!(wd.run(&args).status.success());
            assert_same_reports(&wd, "inc", "batch");
            // Every final pair was new in some run. (A run can also report a pair that a later
            // run retracts: chrome shared by three of an outlet's articles looks like reuse until
            // the fourth makes it boilerplate.)
            let last = pair_set(&wd.path("batch/pairs.csv"));
            prop_assert!(last.is_subset(&seen_pairs), "{}", diff_sets(&seen_pairs, &last));
            // `report` rewrites the same files from the index alone.
            let out = wd.run(&["report", "--index", "ix.db", "-o", "again", "-q"]);
            prop_assert!(out.status.success(), "{}", stderr(&out));
            assert_same_reports(&wd, "inc", "again");
        }
    }
}

#[test]
fn known_articles_are_skipped_and_changed_texts_counted() {
    let wd = Workdir::new();
    wd.write(
        "one.jsonl",
        jsonl(&[("a", "X", &story("w", 60)), ("b", "Y", &story("w", 60))]),
    );
    assert_ok(&wd.run(&["scan", "--index", "ix.db", "one.jsonl", "-o", "rep", "-q"]));
    wd.write(
        "two.jsonl",
        jsonl(&[
            ("a", "X", &story("w", 60)),
            ("b", "Y", &story("changed", 60)),
            ("c", "Z", &story("w", 60)),
        ]),
    );
    assert_ok(&wd.run(&["scan", "--index", "ix.db", "two.jsonl", "-o", "rep", "-q"]));
    let summary: serde_json::Value = serde_json::from_str(&wd.read("rep/summary.json")).unwrap();
    assert_eq!(summary["counts"]["already_indexed"], 1);
    assert_eq!(summary["counts"]["changed_text"], 1);
    assert_eq!(summary["counts"]["new"], 1);
    let all = pair_set(&wd.path("rep/pairs.csv"));
    assert_eq!(all.len(), 3, "{all:?}");
    assert_eq!(pair_set(&wd.path("rep/new_pairs.csv")).len(), 2);
}

#[test]
fn an_index_refuses_other_parameters() {
    let wd = Workdir::new();
    wd.write("one.jsonl", jsonl(&[("a", "X", &story("w", 60))]));
    assert_ok(&wd.run(&["scan", "--index", "ix.db", "one.jsonl", "-o", "rep", "-q"]));
    let out = wd.run(&[
        "scan",
        "--index",
        "ix.db",
        "one.jsonl",
        "-o",
        "rep",
        "-q",
        "--shingle",
        "4",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("ix.db: built with other parameters (shingle: index has 5, this run has 4"),
        "{err}"
    );
    let out = wd.run(&["report", "--index", "missing.db", "-o", "rep", "-q"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("missing.db: no such index"),
        "{}",
        stderr(&out)
    );
    wd.write("not.db", "this is not sqlite");
    let out = wd.run(&["report", "--index", "not.db", "-o", "rep", "-q"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn a_second_writer_waits_then_fails_naming_the_first() {
    let wd = Workdir::new();
    wd.write("one.jsonl", jsonl(&[("a", "X", &story("w", 60))]));
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(wd.path("ix.db.lock"))
        .unwrap();
    lock.lock().unwrap();
    fs::write(
        wd.path("ix.db.lock"),
        "pid 4242, started 2026-11-25T03:00:00Z, wiretrace scan nightly",
    )
    .unwrap();
    let t = std::time::Instant::now();
    let out = wd.run(&[
        "scan",
        "--index",
        "ix.db",
        "one.jsonl",
        "-o",
        "rep",
        "-q",
        "--lock-timeout",
        "1",
    ]);
    assert!(t.elapsed() >= std::time::Duration::from_secs(1));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("locked by another wiretrace run (pid 4242, started 2026-11-25T03:00:00Z"),
        "{err}"
    );
    assert!(
        !wd.path("ix.db").exists(),
        "the waiting run touched nothing"
    );
    lock.unlock().unwrap();
    assert_ok(&wd.run(&[
        "scan",
        "--index",
        "ix.db",
        "one.jsonl",
        "-o",
        "rep",
        "-q",
        "--lock-timeout",
        "1",
    ]));
}

#[test]
fn a_killed_run_leaves_the_index_as_it_was() {
    let wd = Workdir::new();
    wd.write(
        "first.jsonl",
        jsonl(&[("a", "X", &story("w", 60)), ("b", "Y", &story("w", 60))]),
    );
    assert_ok(&wd.run(&["scan", "--index", "ix.db", "first.jsonl", "-o", "rep", "-q"]));
    // A batch big enough that the run is still busy when it is killed.
    let big: String = (0..6000)
        .map(|i| {
            let text = format!("{} {}", story(&format!("s{}x", i % 300), 120), story(&format!("own{i}y"), 60));
            serde_json::json!({"id": format!("n{i:05}"), "outlet": format!("O{}", i % 17), "text": text}).to_string() + "\n"
        })
        .collect();
    wd.write("big.jsonl", big);
    let mut child = Command::new(BIN)
        .current_dir(wd.dir.path())
        .args(["scan", "--index", "ix.db", "big.jsonl", "-o", "rep", "-q"])
        .spawn()
        .unwrap();
    // Wait until it holds the lock (its pid is in the lock file), then let it work a little.
    let pid = child.id().to_string();
    let t = std::time::Instant::now();
    while !fs::read_to_string(wd.path("ix.db.lock"))
        .unwrap_or_default()
        .contains(&format!("pid {pid},"))
    {
        assert!(t.elapsed().as_secs() < 30, "the run never took the lock");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    std::thread::sleep(std::time::Duration::from_millis(400));
    let finished = child.try_wait().unwrap().is_some();
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let conn = rusqlite::Connection::open(wd.path("ix.db")).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let n: i64 = conn
        .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .unwrap();
    if !finished {
        assert_eq!(n, 2, "the killed run's articles must not be in the index");
    }
    drop(conn);
    // The next run is correct: the same as one scan over everything.
    assert_ok(&wd.run(&["scan", "--index", "ix.db", "big.jsonl", "-o", "inc", "-q"]));
    assert_ok(&wd.run(&["scan", "first.jsonl", "big.jsonl", "-o", "batch", "-q"]));
    assert_same_reports(&wd, "inc", "batch");
}

// ---------------------------------------------------------------------------------------------
// Attribution on the samples.

#[test]
fn samples_credits_and_outlet_shares_match_the_expected_files() {
    let wd = Workdir::new();
    let corpus = samples().join("corpus");
    let extra = samples().join("agencies-extra.csv");
    let out = wd.run(&[
        "scan",
        corpus.to_str().unwrap(),
        "-o",
        "rep",
        "-q",
        "--agencies",
        extra.to_str().unwrap(),
    ]);
    assert_ok(&out);
    let key = |r: &csv::StringRecord, cols: &[usize]| {
        cols.iter().map(|&c| r[c].to_string()).collect::<Vec<_>>()
    };
    let mut expected: Vec<Vec<String>> =
        csv::Reader::from_path(samples().join("expected_credits.csv"))
            .unwrap()
            .records()
            .map(|r| key(&r.unwrap(), &[0, 1, 2]))
            .collect();
    let mut got: Vec<Vec<String>> = csv_rows(
        &wd.path("rep/credits.csv"),
        &wiretrace::report::CREDITS_HEADER,
    )
    .iter()
    .map(|r| key(r, &[0, 2, 3]))
    .collect();
    expected.sort();
    got.sort();
    assert_eq!(
        expected, got,
        "credits.csv (id, agency, kind) against samples/expected_credits.csv"
    );
    let expected = fs::read_to_string(samples().join("expected_outlets.csv")).unwrap();
    assert_eq!(
        wd.read("rep/outlets.csv"),
        expected,
        "outlets.csv against samples/expected_outlets.csv"
    );
    // The built-in registry knows APP's Urdu spelling: the same credits without the user's file.
    assert_ok(&wd.run(&["scan", corpus.to_str().unwrap(), "-o", "plain", "-q"]));
    assert_eq!(wd.read("plain/credits.csv"), wd.read("rep/credits.csv"));
}

#[test]
fn origin_follows_agency_outlets_then_dates_then_containment() {
    let wd = Workdir::new();
    let wire = story("wire", 120);
    let other = story("other", 200);
    let lifted: String = other.split(' ').take(80).collect::<Vec<_>>().join(" ");
    let rec = |id: &str, outlet: &str, date: Option<&str>, text: &str| {
        let mut v = serde_json::json!({"id": id, "outlet": outlet, "text": text});
        if let Some(d) = date {
            v["date"] = d.into();
        }
        v.to_string() + "\n"
    };
    let corpus = [
        // The same text: the agency's article is the origin although it is dated later.
        rec("a-copy", "Daily", Some("2024-01-01"), &wire),
        rec("b-wire", "Reuters", Some("2024-01-02"), &wire),
        // No agency: the earlier date decides.
        rec("c-late", "Herald", Some("2024-01-05"), &other),
        rec("d-early", "Courier", Some("2024-01-04T08:00:00Z"), &other),
        // No dates: the article that is mostly the other's text is the copy.
        rec(
            "e-short",
            "Gazette",
            None,
            &format!("{lifted} {}", story("own", 20)),
        ),
    ]
    .concat();
    wd.write("in.jsonl", corpus);
    assert_ok(&wd.run(&["scan", "in.jsonl", "-o", "rep", "-q"]));
    let rows = csv_rows(&wd.path("rep/pairs.csv"), &wiretrace::report::PAIRS_HEADER);
    let origin = |a: &str, b: &str| {
        rows.iter()
            .find(|r| &r[0] == a && &r[1] == b)
            .map(|r| (r[11].to_string(), r[12].to_string()))
            .unwrap_or_else(|| panic!("no pair {a} {b}"))
    };
    assert_eq!(
        origin("a-copy", "b-wire"),
        ("b-wire".to_string(), "Reuters".to_string())
    );
    assert_eq!(origin("c-late", "d-early").0, "d-early");
    // e-short has no date, d-early has one: not comparable by date, so containment decides.
    assert_eq!(origin("d-early", "e-short").0, "d-early");
    assert_eq!(origin("c-late", "e-short").0, "c-late");
}
