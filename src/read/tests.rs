//! End-to-end tests of the read stage: bytes or files in, the sink's records out.

use decompress::tests::{bzip2, gzip, zstd};

use super::*;
use crate::model::DatePrecision;

type Rec = std::result::Result<Article, RecordError>;

fn read_opts(bytes: &[u8], name: &str, format: Format, opts: &ReadOptions) -> Result<Vec<Rec>> {
    let mut out = Vec::new();
    let flow = read_from(bytes, name, format, opts, &mut |r| {
        out.push(r);
        ControlFlow::Continue(())
    })?;
    assert_eq!(flow, ControlFlow::Continue(()));
    Ok(out)
}

fn read(bytes: &[u8], name: &str) -> Vec<Rec> {
    read_opts(bytes, name, Format::Auto, &ReadOptions::default()).expect("test data")
}

fn ok(recs: &[Rec]) -> Vec<&Article> {
    recs.iter().filter_map(|r| r.as_ref().ok()).collect()
}

fn errs(recs: &[Rec]) -> Vec<(SkipReason, Option<u64>, String)> {
    recs.iter()
        .filter_map(|r| r.as_ref().err())
        .map(|e| (e.reason, e.location.line, e.detail.clone()))
        .collect()
}

fn ids(recs: &[Rec]) -> Vec<&str> {
    ok(recs).iter().map(|a| a.id.as_str()).collect()
}

fn read_inputs_all(inputs: &[Input], opts: &ReadOptions) -> Result<Vec<Rec>> {
    let mut out = Vec::new();
    read_inputs(inputs, opts, &mut |r| {
        out.push(r);
        ControlFlow::Continue(())
    })?;
    Ok(out)
}

// ---- JSON Lines ----------------------------------------------------------------------------

#[test]
fn jsonl_records_and_locations() {
    let data = b"\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"Alpha text\",\"title\":\" T \"}\r\n\n   \n\
                 {\"id\":\"b\",\"text\":\"Line one\\nline two \\u00e9\\\"q\\\"\",\"outlet\":\" O \"}";
    let recs = read(data, "dump.jsonl");
    assert_eq!(errs(&recs), vec![]);
    let a = ok(&recs);
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].id, "a");
    assert_eq!(a[0].title, "T");
    assert_eq!(a[0].outlet, "unknown");
    assert_eq!(a[0].location.to_string(), "dump.jsonl: line 1");
    assert_eq!(a[1].text, "Line one\nline two \u{e9}\"q\"");
    assert_eq!(a[1].outlet, "O");
    assert_eq!(a[1].location.line, Some(4));
}

#[test]
fn news_please_schema_reads_without_flags() {
    let line = br#"{"authors": ["A B"], "date_download": "2021-01-01 00:00:00", "date_modify": null, "date_publish": "2017-03-14 12:38:00", "description": "d", "filename": "x.json", "image_url": null, "language": "en", "localpath": null, "maintext": "The main text.", "source_domain": "www.example.com", "title": "A title", "title_page": null, "title_rss": null, "url": "https://www.example.com/news/1"}"#;
    let recs = read(line, "np.jsonl");
    let a = ok(&recs)[0];
    assert_eq!(a.id, "https://www.example.com/news/1");
    assert_eq!(a.url, "https://www.example.com/news/1");
    assert_eq!(a.text, "The main text.");
    assert_eq!(a.outlet, "www.example.com");
    assert_eq!(a.title, "A title");
    assert_eq!(
        a.date.expect("test data").to_string(),
        "2017-03-14T12:38:00Z"
    );
}

#[test]
fn cc_news_schema_reads_without_flags() {
    let line = br#"{"title": "Hed", "text": "Body of the story.", "domain": "news.example.org", "date": "2017-12-18 20:44:04", "description": "d", "url": "https://news.example.org/s/2", "image_url": "https://news.example.org/i.jpg"}"#;
    let recs = read(line, "cc.jsonl");
    let a = ok(&recs)[0];
    assert_eq!(a.id, "https://news.example.org/s/2");
    assert_eq!(a.outlet, "news.example.org");
    assert_eq!(a.title, "Hed");
    assert_eq!(
        a.date.expect("test data").to_string(),
        "2017-12-18T20:44:04Z"
    );
}

#[test]
fn passim_schema_reads_without_flags() {
    let line = br#"{"id": "vermont-1851-03-01-p1-3", "series": "vermontchronicle", "seq": 3, "date": "1851-03-01", "text": "From the London Times.", "pages": [{"id": "p1", "regions": [{"start": 0}]}]}"#;
    let recs = read(line, "passim.json");
    let a = ok(&recs)[0];
    assert_eq!(a.id, "vermont-1851-03-01-p1-3");
    assert_eq!(a.outlet, "vermontchronicle");
    assert_eq!(a.date.expect("test data").precision, DatePrecision::Day);
    assert_eq!(a.date.expect("test data").to_string(), "1851-03-01");
}

#[test]
fn jsonl_numbers_nulls_and_unparseable_dates() {
    let data = b"{\"id\":17,\"text\":\"t\",\"date\":1709649000,\"title\":null}\n\
                 {\"id\":\"x\",\"text\":\"t\",\"date\":\"soon\",\"url\":\"http://www.A.com/1\"}\n";
    let recs = read(data, "n.jsonl");
    let a = ok(&recs);
    assert_eq!(a[0].id, "17");
    assert_eq!(a[0].title, "");
    assert_eq!(
        a[0].date.expect("test data").to_string(),
        "2024-03-05T14:30:00Z"
    );
    assert_eq!(a[1].date, None);
    assert_eq!(a[1].outlet, "a.com");
}

/// A numeric id is its text as written, whatever the parser can hold: integers past 2^64,
/// fractions and exponents keep every digit; a key given twice keeps its last value; a
/// float date is still read as an epoch.
#[test]
fn jsonl_numeric_ids_keep_every_digit() {
    let data = b"{\"id\":123456789012345678901234567890,\"text\":\"t\"}\n\
                 {\"id\":1.5e300,\"text\":\"t\"}\n\
                 {\"id\":18446744073709551615,\"text\":\"t\"}\n\
                 {\"id\":-0.50,\"text\":\"t\",\"date\":1709649000.75}\n\
                 {\"id\":1.1,\"text\":\"t\",\"id\":2.20}\n\
                 {\"id\":1.1,\"text\":\"t\",\"id\":\"s\"}\n\
                 {\"guid\":\"g\",\"text\":\"t\",\"id\":3.0}\n";
    let recs = read(data, "n.jsonl");
    assert_eq!(errs(&recs), vec![]);
    assert_eq!(
        ids(&recs),
        [
            "123456789012345678901234567890",
            "1.5e300",
            "18446744073709551615",
            "-0.50",
            "2.20",
            "s",
            "3.0"
        ]
    );
    let a = ok(&recs);
    assert_eq!(
        a[3].date.expect("test data").to_string(),
        "2024-03-05T14:30:00Z"
    );
}

#[test]
fn jsonl_bad_lines_cost_only_themselves() {
    let data = b"{\"id\":\"1\",\"text\":\"ok\"}\n\
                 {\"id\":\"2\",\"text\":\"bad \xff byte\"}\n\
                 [1,2]\n\
                 \"just a string\"\n\
                 42\n\
                 {\"id\":\"3\" \"text\":\"x\"}\n\
                 {\"id\":\"4\",\"text\":\"x\"} trailing\n\
                 {\"id\":\"5\",\"text\":\"   \"}\n\
                 {\"text\":\"no id\"}\n\
                 {\"id\":\"6\",\"text\":\"ok\"}\n";
    let recs = read(data, "bad.jsonl");
    assert_eq!(ids(&recs), vec!["1", "6"]);
    let e = errs(&recs);
    let got: Vec<(SkipReason, Option<u64>)> = e.iter().map(|(r, l, _)| (*r, *l)).collect();
    assert_eq!(
        got,
        vec![
            (SkipReason::InvalidUtf8, Some(2)),
            (SkipReason::NotAnObject, Some(3)),
            (SkipReason::NotAnObject, Some(4)),
            (SkipReason::NotAnObject, Some(5)),
            (SkipReason::InvalidJson, Some(6)),
            (SkipReason::InvalidJson, Some(7)),
            (SkipReason::MissingText, Some(8)),
            (SkipReason::MissingId, Some(9)),
        ]
    );
    assert_eq!(e[1].2, "found an array");
    assert_eq!(e[4].2, "expected ',' or '}' at column 11");
    assert!(
        e[5].2.starts_with("trailing characters at column"),
        "{}",
        e[5].2
    );
    let shown = recs[5].as_ref().unwrap_err().to_string();
    assert_eq!(
        shown,
        "bad.jsonl: line 6: invalid JSON: expected ',' or '}' at column 11"
    );
}

#[test]
fn empty_inputs_give_nothing() {
    for name in ["e.jsonl", "e.csv", "e.tsv", "e", "e.jsonl.gz"] {
        assert!(read(b"", name).is_empty(), "{name}");
    }
    assert!(read(b"\n \n\t\n", "blank.jsonl").is_empty());
    assert!(read(&gzip(b""), "e.jsonl.gz").is_empty());
}

#[test]
fn over_long_line_is_skipped_and_the_next_read() {
    let mut data = Vec::new();
    data.extend_from_slice(b"{\"id\":\"big\",\"text\":\"");
    data.resize(5_000_000, b'a');
    data.extend_from_slice(b"\"}\n{\"id\":\"small\",\"text\":\"t\"}\n");
    let opts = ReadOptions {
        max_record_bytes: 1 << 20,
        ..ReadOptions::default()
    };
    let recs = read_opts(&data, "big.jsonl", Format::Auto, &opts).expect("test data");
    assert_eq!(ids(&recs), vec!["small"]);
    assert_eq!(ok(&recs)[0].location.line, Some(2));
    let e = errs(&recs);
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].0, e[0].1), (SkipReason::RecordTooLarge, Some(1)));
    assert_eq!(e[0].2, "line of 5000002 bytes, limit 1048576");
}

#[test]
fn field_override_in_json() {
    let fields =
        FieldMap::parse_args(&["text=story".into(), "outlet=site".into()]).expect("test data");
    let opts = ReadOptions {
        fields,
        ..ReadOptions::default()
    };
    let data =
        b"{\"id\":\"1\",\"text\":\"ignored\",\"story\":\"S\",\"site\":\"X\",\"source\":\"Y\"}\n\
                 {\"id\":\"2\",\"text\":\"only text\"}\n";
    let recs = read_opts(data, "o.jsonl", Format::Auto, &opts).expect("test data");
    let a = ok(&recs);
    assert_eq!((a[0].text.as_str(), a[0].outlet.as_str()), ("S", "X"));
    assert_eq!(errs(&recs)[0].0, SkipReason::MissingText);
    assert_eq!(errs(&recs)[0].2, "no non-empty story");
}

#[test]
fn sink_break_stops_at_once() {
    let data = b"{\"id\":\"1\",\"text\":\"a\"}\n{\"id\":\"2\",\"text\":\"b\"}\n";
    let mut n = 0;
    let flow = read_from(
        &data[..],
        "s.jsonl",
        Format::Auto,
        &ReadOptions::default(),
        &mut |_| {
            n += 1;
            ControlFlow::Break(())
        },
    )
    .expect("test data");
    assert_eq!((n, flow), (1, ControlFlow::Break(())));
}

// ---- Compression ---------------------------------------------------------------------------

const TWO: &[u8] = b"{\"id\":\"1\",\"text\":\"a\"}\n{\"id\":\"2\",\"text\":\"b\"}\n";

#[test]
fn compressed_by_extension_and_by_magic() {
    for (bytes, ext) in [(gzip(TWO), "gz"), (zstd(TWO), "zst"), (bzip2(TWO), "bz2")] {
        for name in [
            format!("d.jsonl.{ext}"),
            "d.jsonl".to_owned(),
            "-".to_owned(),
        ] {
            let recs = read(&bytes, &name);
            assert_eq!(ids(&recs), vec!["1", "2"], "{name}");
        }
    }
}

#[test]
fn compressed_csv_and_text() {
    let csv = b"id,text\n1,one\n2,two\n";
    assert_eq!(ids(&read(&zstd(csv), "d.csv.zst")), vec!["1", "2"]);
    let recs = read_opts(
        &bzip2(b"Title\nbody"),
        "s.txt.bz2",
        Format::Auto,
        &ReadOptions::default(),
    )
    .expect("test data");
    assert_eq!(ok(&recs)[0].title, "Title");
    // Sniffed after decompression, the name saying nothing.
    assert_eq!(ids(&read(&gzip(csv), "data")), vec!["1", "2"]);
}

#[test]
fn multi_member_gzip() {
    let mut bytes = gzip(b"{\"id\":\"1\",\"text\":\"a\"}\n");
    bytes.extend(gzip(b"{\"id\":\"2\",\"text\":\"b\"}\n"));
    bytes.extend(gzip(b"{\"id\":\"3\",\"text\":\"c\"}\n"));
    assert_eq!(ids(&read(&bytes, "m.jsonl.gz")), vec!["1", "2", "3"]);
}

fn many_records(n: usize) -> Vec<u8> {
    let mut data = Vec::new();
    for i in 0..n {
        // Varied text so that the compressed stream is long enough to cut.
        let text: String = (0..40)
            .map(|k| format!("w{} ", (i * 7919 + k * 104729) % 100003))
            .collect();
        data.extend_from_slice(format!("{{\"id\":\"{i}\",\"text\":\"{text}\"}}\n").as_bytes());
    }
    data
}

#[test]
fn truncated_streams_keep_earlier_records() {
    let data = many_records(2000);
    for (bytes, name) in [
        (gzip(&data), "t.jsonl.gz"),
        (zstd(&data), "t.jsonl.zst"),
        (bzip2(&data), "t.jsonl.bz2"),
    ] {
        let cut = &bytes[..bytes.len() / 2];
        let recs = read(cut, name);
        let kept = ok(&recs).len();
        assert!(kept > 100 && kept < 2000, "{name}: kept {kept}");
        let e = errs(&recs);
        assert_eq!(e.len(), 1, "{name}: {e:?}");
        assert_eq!(e[0].0, SkipReason::TruncatedInput, "{name}");
        assert_eq!(e[0].1, Some(kept as u64 + 1), "{name}");
        assert!(!e[0].2.is_empty());
        // It is the last record: the stream is not read further.
        assert!(recs.last().expect("test data").is_err());
    }
}

#[test]
fn corrupt_gzip_header_is_one_truncated_record() {
    let mut damaged = gzip(b"{\"id\":\"1\",\"text\":\"a\"}\n");
    damaged[0] = 0;
    let recs = read(&damaged, "damaged.jsonl.gz");
    let e = errs(&recs);
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].0, e[0].1), (SkipReason::TruncatedInput, Some(1)));
}

#[test]
fn plain_text_named_gz_is_read_as_plain() {
    let recs = read(b"{\"id\":\"1\",\"text\":\"a\"}\n", "plain.jsonl.gz");
    assert_eq!(errs(&recs), vec![]);
    assert_eq!(ids(&recs), vec!["1"]);
}

// ---- CSV / TSV -----------------------------------------------------------------------------

#[test]
fn csv_rows_with_multiline_fields() {
    let data = b"id,title,text,date\n\
                 1,One,\"first, with \"\"quotes\"\"\nand a second line\",2024-03-05\n\
                 \n\
                 2,Two,plain,\n";
    let recs = read(data, "a.csv");
    assert_eq!(errs(&recs), vec![]);
    let a = ok(&recs);
    assert_eq!(a[0].text, "first, with \"quotes\"\nand a second line");
    assert_eq!(a[0].location.line, Some(2));
    assert_eq!(a[0].date.expect("test data").to_string(), "2024-03-05");
    assert_eq!(a[1].id, "2");
    assert_eq!(a[1].location.line, Some(5));
    assert_eq!(a[1].date, None);
}

#[test]
fn tsv_and_header_case() {
    let data = b"\xEF\xBB\xBFID\tHeadline\tBody\r\nx1\tH\tThe body\r\n";
    let recs = read(data, "a.tsv");
    let a = ok(&recs)[0];
    assert_eq!(
        (a.id.as_str(), a.title.as_str(), a.text.as_str()),
        ("x1", "H", "The body")
    );
}

#[test]
fn csv_without_text_column_is_refused() {
    let err = read_opts(
        b"a,b,c\n1,2,3\n",
        "x.csv",
        Format::Auto,
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "x.csv: no text column (columns: a, b, c); name it with --field text=COLUMN"
    );
    assert_eq!(err.exit_code(), 1);
    let err = read_opts(
        b"a,text\n1,2\n",
        "y.csv",
        Format::Auto,
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "y.csv: no id column (columns: a, text); name it with --field id=COLUMN"
    );
    let opts = ReadOptions {
        fields: FieldMap::parse_args(&["text=story".into()]).expect("test data"),
        ..ReadOptions::default()
    };
    let err = read_opts(b"id,text\n1,2\n", "z.csv", Format::Auto, &opts).unwrap_err();
    assert_eq!(
        err.to_string(),
        "z.csv: no text column \"story\" (columns: id, text); name it with --field text=COLUMN"
    );
}

#[test]
fn csv_field_override_and_url_id() {
    let opts = ReadOptions {
        fields: FieldMap::parse_args(&["text=Story".into(), "url=link".into()]).expect("test data"),
        ..ReadOptions::default()
    };
    let data = b"link,Story\nhttps://www.x.org/1,hello\n";
    let recs = read_opts(data, "o.csv", Format::Auto, &opts).expect("test data");
    let a = ok(&recs)[0];
    assert_eq!(
        (a.id.as_str(), a.outlet.as_str(), a.text.as_str()),
        ("https://www.x.org/1", "x.org", "hello")
    );
}

#[test]
fn csv_bad_rows_and_bad_utf8() {
    let data = b"id,text,extra\n1,a,x\n2,b\n3,c\xff,x\n4,d,\xff\n5,\"unterminated\n";
    let recs = read(data, "b.csv");
    assert_eq!(ids(&recs), vec!["1", "4"]);
    let e = errs(&recs);
    assert_eq!((e[0].0, e[0].1), (SkipReason::BadRow, Some(3)));
    assert_eq!(e[0].2, "2 fields, the header has 3");
    assert_eq!((e[1].0, e[1].1), (SkipReason::InvalidUtf8, Some(4)));
    assert_eq!(e[1].2, "in column text, at byte 2");
    assert_eq!((e[2].0, e[2].1), (SkipReason::BadRow, Some(6)));
}

#[test]
fn csv_quote_never_closed_says_how_far_the_row_ran() {
    let data = b"id,text,extra\n1,a,x\n2,\"open,b\n3,c,x\n4,d,x\n5,e,x\n";
    let recs = read(data, "q.csv");
    assert_eq!(ids(&recs), vec!["1"]);
    let e = errs(&recs);
    assert_eq!((e[0].0, e[0].1), (SkipReason::BadRow, Some(3)));
    assert_eq!(
        e[0].2,
        "2 fields, the header has 3 (the row runs to line 6: a quote opened in it may never \
         close, and the lines after it were read as part of it)"
    );
}

/// A quote left open in the last field swallows the next rows until a later row's opening
/// quote closes it: the field count is right, but text follows the closing quote of a field
/// that ran across lines. The row is refused, naming how far it ran; the rows after it are
/// read. A sloppy inner quote on one line, and a quoted field with line breaks closed as it
/// should be, are read as before.
#[test]
fn csv_quote_closed_by_a_later_rows_quote_is_refused() {
    let data = b"id,outlet,text\n\
                 1,A,\"fine\"\n\
                 2,B,\"open and never closed\n\
                 3,C,\"swallowed\"\n\
                 4,D,\"two\nlines\"\n\
                 5,E,\"she said \"hi\" twice\"\n";
    let recs = read(data, "q.csv");
    assert_eq!(ids(&recs), vec!["1", "4", "5"]);
    let e = errs(&recs);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].0, e[0].1), (SkipReason::BadRow, Some(3)));
    assert!(
        e[0].2
            .starts_with("a quoted field runs to line 4 and text follows"),
        "{}",
        e[0].2
    );
    let texts: Vec<&str> = recs
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|a| a.text.as_str())
        .collect();
    assert_eq!(texts[1], "two\nlines");
    assert_eq!(texts[2], "she said hi\" twice\"");
    // Sloppy inner quotes in a text of several lines, and a space after the closing quote:
    // read, not refused.
    let data = b"id,outlet,text\n\
                 1,A,\"Para one.\nHe said \"no\" today.\"\n\
                 2,B,\"Para one.\nPara two\" \n\
                 3,C,\"one line \"no\" ok\"\n";
    let recs = read(data, "s.csv");
    assert_eq!(ids(&recs), vec!["1", "2", "3"], "{:?}", errs(&recs));
}

#[test]
fn over_long_csv_row_is_cut_and_the_next_row_read() {
    let mut data = b"id,text\nbig,\"".to_vec();
    for _ in 0..100_000 {
        // 50 bytes each: quotes, delimiters and newlines inside the quoted field.
        data.extend_from_slice(b"a \"\"quoted\"\", comma, and a newline\r\n here.....\n");
    }
    data.extend_from_slice(b"\"\nsmall,\"t\"\n");
    let opts = ReadOptions {
        max_record_bytes: 1 << 20,
        ..ReadOptions::default()
    };
    for name in ["big.csv", "big.csv.gz"] {
        let bytes = if name.ends_with(".gz") {
            gzip(&data)
        } else {
            data.clone()
        };
        let recs = read_opts(&bytes, name, Format::Auto, &opts).expect("test data");
        assert_eq!(ids(&recs), vec!["small"], "{name}");
        assert_eq!(ok(&recs)[0].location.line, Some(2 + 200_000 + 1));
        let e = errs(&recs);
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].0, e[0].1), (SkipReason::RecordTooLarge, Some(2)));
    }
}

// ---- Text files and sniffing ---------------------------------------------------------------

#[test]
fn text_files() {
    let recs = read(b"\n  The Title  \nBody line.\n", "dir/story.txt");
    let a = ok(&recs)[0];
    assert_eq!(a.id, "story.txt");
    assert_eq!(a.title, "The Title");
    assert_eq!(a.text, "\n  The Title  \nBody line.\n");
    assert_eq!((a.outlet.as_str(), a.location.line), ("unknown", None));
    assert_eq!(
        errs(&read(b"bad \xff", "b.txt"))[0].0,
        SkipReason::InvalidUtf8
    );
    assert_eq!(errs(&read(b" \n\t", "w.txt"))[0].0, SkipReason::MissingText);
    let opts = ReadOptions {
        max_record_bytes: 10,
        ..ReadOptions::default()
    };
    let recs = read_opts(b"01234567890", "l.txt", Format::Auto, &opts).expect("test data");
    assert_eq!(errs(&recs)[0].0, SkipReason::RecordTooLarge);
}

#[test]
fn sniffing_unnamed_streams() {
    let cases: [(&[u8], Format); 6] = [
        (b"\n  {\"id\":\"1\",\"text\":\"a\"}\n", Format::Jsonl),
        (b"id,maintext\n1,a\n", Format::Csv),
        (b"\"id\"\t\"Body\"\n1\ta\n", Format::Tsv),
        (b"Hello, world\nstory", Format::Text),
        (b"[1,2]", Format::Text),
        (b" \n", Format::Jsonl),
    ];
    let r = Resolver::new(&FieldMap::default());
    for (bytes, want) in cases {
        assert_eq!(sniff(bytes, &r), want, "{}", String::from_utf8_lossy(bytes));
    }
    assert_eq!(ids(&read(b"\"id\"\t\"Body\"\n1\ta\n", "-")), vec!["1"]);
}

#[test]
fn explicit_format_wins_over_extension() {
    let recs = read_opts(
        b"id,text\n1,a\n",
        "x.jsonl",
        Format::Csv,
        &ReadOptions::default(),
    )
    .expect("test data");
    assert_eq!(ids(&recs), vec!["1"]);
}

#[test]
fn format_names() {
    for (s, f) in [
        ("auto", Format::Auto),
        ("JSONL", Format::Jsonl),
        ("csv", Format::Csv),
        ("tsv", Format::Tsv),
        ("text", Format::Text),
    ] {
        assert_eq!(s.parse::<Format>(), Ok(f));
    }
    assert!("xml"
        .parse::<Format>()
        .unwrap_err()
        .contains("expected auto"));
    assert_eq!(Format::Tsv.to_string(), "tsv");
    assert_eq!(Input::from_arg("-"), Input::Stdin);
    assert_eq!(Input::from_arg("a"), Input::Path("a".into()));
}

#[test]
fn hints_from_names() {
    let h = hints_for("Dump.JSONL.GZ");
    assert_eq!(
        (h.codec, h.format),
        (Some(Codec::Gzip), Some(Format::Jsonl))
    );
    assert_eq!(hints_for("a.tab.bz2").format, Some(Format::Tsv));
    assert_eq!(hints_for("a.ndjson.zst").format, Some(Format::Jsonl));
    assert_eq!(hints_for("a.gz").format, None);
    assert_eq!(hints_for("README.md").format, None);
}

// ---- Files and folders ---------------------------------------------------------------------

#[test]
fn folder_walk_order_hidden_and_unknown_files() {
    let dir = tempfile::tempdir().expect("test data");
    let root = dir.path();
    let write = |rel: &str, bytes: &[u8]| {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().expect("test data")).expect("test data");
        fs::write(p, bytes).expect("test data");
    };
    let rec = |id: &str| format!("{{\"id\":\"{id}\",\"text\":\"t\"}}\n").into_bytes();
    write("b/2.jsonl", &rec("b2"));
    write("b/10.jsonl", &rec("b10"));
    write("a.jsonl", &rec("a"));
    write("a.jsonl.gz", &gzip(&rec("agz")));
    write("a/z.ndjson", &rec("az"));
    write(".hidden.jsonl", &rec("hidden"));
    write(".git/x.jsonl", &rec("git"));
    write("b/.cache/y.jsonl", &rec("cache"));
    write("notes.md", b"not an input");
    write("bbc/2024/story.txt", b"Headline\nText");
    write("z.csv", b"id,text\nc1,t\n");
    // wiretrace's own reports below the folder (`--out` inside the input): passed over. A
    // folder with only one of the two marker files is read.
    write("reports/summary.json", b"{}");
    write("reports/pairs.csv", b"id_a,id_b\n");
    write("reports/clusters.csv", b"cluster,id\n");
    write("c/pairs.csv", b"id,text\nc2,t\n");

    let recs = read_inputs_all(&[Input::Path(root.to_path_buf())], &ReadOptions::default())
        .expect("test data");
    assert_eq!(errs(&recs), vec![]);
    // Sorted by path bytes: "a.jsonl" < "a.jsonl.gz" < "a/z.ndjson" ('.' < '/'), "10" < "2".
    assert_eq!(
        ids(&recs),
        vec![
            "a",
            "agz",
            "az",
            "b10",
            "b2",
            "bbc/2024/story.txt",
            "c2",
            "c1"
        ]
    );
    for marker in ["summary.json", "pairs.csv"] {
        assert!(crate::report::REPORT_FILES.contains(&marker));
    }
    let a = ok(&recs);
    assert_eq!(a[2].outlet, "a");
    assert_eq!(a[0].outlet, "unknown");
    let story = a[5];
    assert_eq!(
        (story.outlet.as_str(), story.title.as_str()),
        ("bbc", "Headline")
    );
    assert_eq!(
        &*story.location.file,
        root.join("bbc/2024/story.txt").to_string_lossy()
    );

    // A file named on the command line is read whatever its name; its text id is its name.
    let named = root.join("notes.md");
    let recs = read_inputs_all(&[Input::Path(named)], &ReadOptions::default()).expect("test data");
    assert_eq!(ids(&recs), vec!["notes.md"]);
    // Inputs keep their command-line order.
    let recs = read_inputs_all(
        &[
            Input::Path(root.join("z.csv")),
            Input::Path(root.join("a.jsonl")),
        ],
        &ReadOptions::default(),
    )
    .expect("test data");
    assert_eq!(ids(&recs), vec!["c1", "a"]);
}

#[test]
fn missing_path_is_an_io_error_naming_it() {
    let err =
        read_inputs_all(&[Input::Path("nope.jsonl".into())], &ReadOptions::default()).unwrap_err();
    assert!(matches!(err, Error::Io { .. }));
    assert!(err.to_string().starts_with("nope.jsonl: "), "{err}");
    assert!(err.to_string().contains("os error 2"), "{err}");
}

#[test]
fn refused_csv_in_a_folder_names_the_file() {
    let dir = tempfile::tempdir().expect("test data");
    fs::write(dir.path().join("x.csv"), b"a,b\n1,2\n").expect("test data");
    let err = read_inputs_all(
        &[Input::Path(dir.path().to_path_buf())],
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .ends_with("x.csv: no text column (columns: a, b); name it with --field text=COLUMN"),
        "{err}"
    );
}

/// The lines of a JSON Lines file with every kind of line the reader treats on its own: a
/// byte-order mark, `\r\n`, blanks, broken JSON, invalid UTF-8, a non-object, an over-long
/// line (under a limit of 200 bytes), good records.
fn awkward_jsonl() -> Vec<u8> {
    let mut f = b"\xEF\xBB\xBF{\"id\": \"a\", \"text\": \"first\"}\r\n".to_vec();
    f.extend_from_slice(b"\n   \n{broken\n");
    f.extend_from_slice(b"{\"id\": \"b\", \"text\": \"caf\xC3\xA9\"}\n");
    f.extend_from_slice(b"{\"id\": \"c\", \"text\": \"bad \xFF byte\"}\n[1, 2]\n");
    f.extend_from_slice(
        format!("{{\"id\": \"d\", \"text\": \"{}\"}}\n", "x".repeat(300)).as_bytes(),
    );
    f.extend_from_slice(b"\xEF\xBB\xBF{\"id\": \"e\", \"text\": \"a mark mid-file\"}\n");
    f.extend_from_slice(b"{\"id\": \"f\", \"text\": \"no newline at the end\"}");
    f
}

fn as_debug(recs: &[Rec]) -> Vec<String> {
    recs.iter().map(|r| format!("{r:?}")).collect()
}

proptest::proptest! {
    /// A line-splittable file read in parts cut at any line ends gives, part after part, the
    /// records (and locations) the whole file gives.
    #[test]
    fn a_file_cut_at_line_ends_reads_as_the_whole(cuts in proptest::collection::vec(0usize..12, 0..5)) {
        let opts = ReadOptions { max_record_bytes: 200, ..ReadOptions::default() };
        let file = awkward_jsonl();
        let name = "dir/wire.jsonl";
        proptest::prop_assert!(line_splittable(name, None, &file[..4], &opts));
        let mut whole = Vec::new();
        let flow = read_file_as(&file[..], name, None, &opts, &mut |r| { whole.push(r); ControlFlow::Continue(()) });
        proptest::prop_assert_eq!(flow.expect("reads"), ControlFlow::Continue(()));
        // Line starts, as byte offsets, and where the chosen cuts fall.
        let starts: Vec<usize> = std::iter::once(0)
            .chain(file.iter().enumerate().filter(|(_, &b)| b == b'\n').map(|(i, _)| i + 1))
            .filter(|&i| i < file.len())
            .collect();
        let mut at: Vec<usize> = cuts.iter().map(|&c| c % starts.len()).collect();
        at.push(0);
        at.sort_unstable();
        at.dedup();
        let mut parts = Vec::new();
        for (k, &line) in at.iter().enumerate() {
            let end = at.get(k + 1).map_or(file.len(), |&next| starts[next]);
            let flow = read_lines_of(&file[starts[line]..end], name, None, line as u64 + 1, &opts, &mut |r| {
                parts.push(r);
                ControlFlow::Continue(())
            });
            proptest::prop_assert_eq!(flow.expect("reads"), ControlFlow::Continue(()));
        }
        proptest::prop_assert_eq!(as_debug(&parts), as_debug(&whole));
    }
}

#[test]
fn only_uncompressed_json_lines_may_be_cut() {
    let opts = ReadOptions::default();
    let json = b"{\"id\"";
    assert!(line_splittable("a.jsonl", None, json, &opts));
    assert!(line_splittable("/x/y", Some("sub/a.ndjson"), json, &opts));
    // Compressed by name or by content, another format, a name that says nothing, empty.
    assert!(!line_splittable("a.jsonl.gz", None, json, &opts));
    assert!(!line_splittable(
        "a.jsonl",
        None,
        &gzip(b"{}\n")[..4],
        &opts
    ));
    assert!(!line_splittable("a.csv", None, json, &opts));
    assert!(!line_splittable("dump", None, json, &opts));
    assert!(!line_splittable("a.jsonl", None, b"", &opts));
    // --format jsonl makes any uncompressed name JSON Lines; --format csv none.
    let forced = ReadOptions {
        format: Format::Jsonl,
        ..ReadOptions::default()
    };
    assert!(line_splittable("dump", None, json, &forced));
    let csv = ReadOptions {
        format: Format::Csv,
        ..ReadOptions::default()
    };
    assert!(!line_splittable("a.jsonl", None, json, &csv));
}
