//! Issue 12, item 3, end to end: an Urdu paper that reprints agency copy under the agency's own
//! dateline is credited; the same copy under the paper's own news service or desk counts as
//! uncredited reuse in `outlets.csv`. Every article is invented for this test.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_wiretrace");

/// A deterministic story of `words` distinct tokens.
fn story(seed: &str, words: usize) -> String {
    (0..words)
        .map(|i| format!("{seed}{}", i * 7 % 101 + i))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn own_service_dateline_is_uncredited_reuse_in_outlets_csv() {
    let dir = tempfile::tempdir().expect("temp dir");
    let wire = story("lafz", 150);
    let rec = |id: &str, outlet: &str, text: String| {
        serde_json::json!({"id": id, "outlet": outlet, "text": text}).to_string() + "\n"
    };
    let corpus = [
        rec(
            "app-1",
            "APP",
            format!("اسلام آباد ۔ 21 جنوری (اے پی پی) {wire}"),
        ),
        rec(
            "paper-credited",
            "Roznama",
            format!("اسلام آباد ۔ 21 جنوری (اے پی پی) {wire}"),
        ),
        rec(
            "paper-own-service",
            "Roznama",
            format!("اسلام آباد (روزنامہ نیوز) {wire}"),
        ),
        rec(
            "paper-desk",
            "Roznama",
            format!("کراچی (سپورٹس ڈیسک) {wire}"),
        ),
    ]
    .concat();
    std::fs::write(dir.path().join("in.jsonl"), corpus).expect("write corpus");
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .args(["scan", "in.jsonl", "-o", "rep", "-q"])
        .output()
        .expect("run wiretrace");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut reader = csv::Reader::from_path(dir.path().join("rep/outlets.csv")).expect("outlets");
    let header = reader.headers().expect("header").clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (outlet, agency, credited, uncredited) = (
        col("outlet"),
        col("agency"),
        col("credited"),
        col("uncredited"),
    );
    let row = reader
        .records()
        .map(|r| r.expect("record"))
        .find(|r| &r[outlet] == "Roznama" && &r[agency] == "APP")
        .expect("a Roznama row for APP");
    assert_eq!((&row[credited], &row[uncredited]), ("1", "2"), "{row:?}");
}
