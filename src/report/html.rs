//! `report.html` — the run's reports as one self-contained page for a person.
//!
//! In: the report rows ([`OutletRow`], [`ClusterRow`], [`CreditRow`]), the `summary.json` value,
//! and the top pairs already chosen by the caller ([`TopPair`]: a [`PairRow`], its
//! [`PassageRow`]s and both articles' texts). Out: one HTML string ([`render`]) or the file
//! ([`write`], atomic like every report).
//!
//! Invariants:
//! * Self-contained: inline CSS and inline SVG, no script, no external resource; every link is
//!   an in-page `#anchor`. Every text from the input is HTML-escaped ([`esc`]).
//! * Bounded: whatever the corpus size, the page holds aggregates plus the top N of each list
//!   ([`TOP_OUTLETS`], [`TOP_AGENCIES`], [`TOP_CLUSTERS`], [`MAX_CLUSTER_MEMBERS`],
//!   [`TOP_PAIRS`], [`MAX_SIDE_CHARS`]), so it stays a few hundred kilobytes at 1M articles.
//! * Deterministic: every list is sorted on a total key; the summary's wall times are left out,
//!   so the same inputs and flags give a byte-identical page whatever `--threads` is.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::Result;
use crate::report::{num, write_atomic, ClusterRow, CreditRow, OutletRow, PairRow, PassageRow};
use crate::verify::ReuseKind;

/// Pairs shown with their passages side by side, by shared words.
pub const TOP_PAIRS: usize = 50;
/// Outlets in the outlet × agency picture, by articles carrying wire copy.
pub const TOP_OUTLETS: usize = 40;
/// Agencies given their own column (the rest share one) and bar in the reach chart.
pub const TOP_AGENCIES: usize = 12;
/// Largest story clusters drawn as timelines.
pub const TOP_CLUSTERS: usize = 10;
/// Members drawn per cluster timeline (origin first, then by date).
pub const MAX_CLUSTER_MEMBERS: usize = 30;
/// Characters of one article shown beside its pair partner; the rest is elided.
pub const MAX_SIDE_CHARS: usize = 4000;
/// Characters of unshared text kept on each side of a highlighted passage.
const CONTEXT_CHARS: usize = 160;
/// Inputs listed in the summary.
const MAX_INPUTS: usize = 10;

/// One of the top pairs: its row, its passages (in `start_a` order) and both texts as read, so
/// that the passages can be shown side by side. Offsets in the passages are characters.
#[derive(Clone, Debug, PartialEq)]
pub struct TopPair {
    pub row: PairRow,
    pub title_a: String,
    pub title_b: String,
    pub passages: Vec<PassageRow>,
    pub text_a: String,
    pub text_b: String,
}

/// Everything the page shows.
#[derive(Clone, Copy, Debug)]
pub struct HtmlInput<'a> {
    pub summary: &'a Value,
    pub outlets: &'a [OutletRow],
    pub clusters: &'a [ClusterRow],
    pub credits: &'a [CreditRow],
    /// Already the top pairs, best first; more than [`TOP_PAIRS`] are ignored.
    pub top_pairs: &'a [TopPair],
    /// Outlets that are themselves an agency (outlet name → agency): their own articles are
    /// the wire, not reuse, so they are counted apart.
    pub wire_outlets: &'a BTreeMap<String, String>,
}

/// Writes `report.html` into `dir`, atomically.
pub fn write(dir: &Path, input: &HtmlInput) -> Result<PathBuf> {
    let path = dir.join("report.html");
    let page = render(input);
    write_atomic(&path, |w| w.write_all(page.as_bytes()))?;
    Ok(path)
}

/// HTML-escapes a text for an element body or a quoted attribute.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than white space have no business in a page.
            c if c.is_control() && !matches!(c, '\n' | '\t') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Longest name (outlet, agency, id, input) shown, in characters: a hostile input cannot make
/// the page large.
const MAX_NAME_CHARS: usize = 80;

/// A name, cut to [`MAX_NAME_CHARS`] and escaped.
fn name(s: &str) -> String {
    esc(&short(s, MAX_NAME_CHARS))
}

/// The first `max` characters of `s`, with `…` if cut.
fn short(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// A share in `0..=1` as a whole percentage.
fn share(x: f64) -> String {
    format!("{:.0}\u{a0}%", x * 100.0)
}

fn pct(part: u64, whole: u64) -> String {
    if whole == 0 {
        "0\u{a0}%".into()
    } else {
        format!("{:.0}\u{a0}%", part as f64 * 100.0 / whole as f64)
    }
}

/// Thousands separated by a thin space, for the summary figures.
fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

const CSS: &str = r#"
:root{--ink:#1d2330;--muted:#5d6675;--line:#dfe3ea;--bg:#f6f7f9;--cred:#2563a8;--uncr:#e07b24;--none:#a0a7b4;--mark:#fde68a;--mark2:#fcd34d}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 "Source Sans 3","Segoe UI",system-ui,-apple-system,"Helvetica Neue",Arial,"Noto Sans","Noto Sans Arabic","Noto Sans CJK SC",sans-serif}
header{background:#1d2330;color:#fff;padding:22px 40px 18px}
header h1{margin:0;font:600 26px/1.2 Georgia,"Times New Roman",serif;letter-spacing:.2px}
header p{margin:4px 0 0;color:#c9cfda;font-size:14px}
nav{background:#fff;border-bottom:1px solid var(--line);padding:8px 40px;font-size:14px;position:sticky;top:0;z-index:2}
nav a{color:var(--cred);text-decoration:none;margin-right:18px}
main{max-width:1180px;margin:0 auto;padding:8px 40px 40px}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:18px 24px;margin:20px 0}
h2{font:600 20px/1.3 Georgia,"Times New Roman",serif;margin:0 0 4px}
h3{font-size:16px;margin:18px 0 4px}
p.note{color:var(--muted);font-size:13.5px;margin:2px 0 12px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:10px 0 14px}
.card{flex:1 1 120px;border:1px solid var(--line);border-radius:6px;padding:10px 14px;background:#fbfcfd}
.card b{display:block;font-size:24px;font-weight:600;font-variant-numeric:tabular-nums}
.card span{color:var(--muted);font-size:13px}
table{border-collapse:collapse;width:100%;font-size:13.5px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:middle}
th{font-weight:600;color:var(--muted);font-size:12.5px;text-transform:uppercase;letter-spacing:.3px}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
table.matrix td{padding:3px 6px}
table.matrix th.ag{text-align:center;text-transform:none;font-size:12.5px;color:var(--ink)}
.wide{overflow-x:auto}
table.matrix td.c{text-align:center}
table.matrix td.c svg{margin:0 auto;width:100%;max-width:84px;min-width:28px;height:10px}
td.go{white-space:nowrap}
small.id{font:11.5px/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--muted)}
.legend{display:flex;gap:18px;align-items:center;font-size:13px;color:var(--muted);margin:4px 0 10px}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px;margin-right:5px}
.cred{background:var(--cred)}.uncr{background:var(--uncr)}.none{background:var(--none)}
.cell small{display:block;color:var(--muted);font-size:11px;line-height:1.1}
.tag{display:inline-block;font-size:11px;padding:0 6px;border-radius:9px;background:#eef1f5;color:var(--muted);margin-left:4px}
dl.params{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;font-size:13.5px;margin:6px 0}
dl.params dt{color:var(--muted)}dl.params dd{margin:0}
code{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f1f3f6;padding:0 3px;border-radius:3px}
svg{display:block;max-width:100%;height:auto}
svg text{font-family:inherit}
.pair{border-top:1px solid var(--line);padding-top:12px;margin-top:16px}
.pair h3{margin:0}
.pair .meta{color:var(--muted);font-size:13px;margin:2px 0 8px}
.side{display:grid;grid-template-columns:1fr 1fr;gap:18px}
.side>div{border:1px solid var(--line);border-radius:6px;padding:10px 14px;background:#fcfcfd;min-width:0}
.side h4{margin:0 0 6px;font-size:13.5px}
.side h4 small{display:block;color:var(--muted);font-weight:normal}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font:14px/1.55 Georgia,"Times New Roman","Noto Serif",serif;unicode-bidi:plaintext}
mark{background:var(--mark);padding:1px 0;border-radius:2px;scroll-margin-top:60px}
mark:target{background:var(--mark2);outline:2px solid var(--uncr)}
mark sup{font:600 10px/1 system-ui,sans-serif;color:#7a5b00;margin-right:2px}
.gap{color:var(--muted);font:italic 12.5px system-ui,sans-serif}
.plist{font-size:12.5px;color:var(--muted);margin:6px 0 0}
.plist a{color:var(--cred)}
a{color:var(--cred)}
footer{color:var(--muted);font-size:12.5px;max-width:1180px;margin:0 auto;padding:0 40px 30px}
@media (max-width:800px){.side{grid-template-columns:1fr}main,header,nav{padding-left:14px;padding-right:14px}}
@media print{
 @page{margin:14mm}
 body{background:#fff;font-size:11pt}
 nav{display:none}
 header{background:#fff;color:#000;padding:0 0 8px;border-bottom:2px solid #000}
 header p{color:#333}
 main{padding:0;max-width:none}
 section{border:none;padding:0;margin:14px 0;break-inside:auto}
 .pair,.cluster,tr,.card{break-inside:avoid}
 h2{break-after:avoid}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 a{color:inherit;text-decoration:none}
 table{font-size:9pt}
 .cell small{font-size:7.5pt}
 .wide{overflow:visible}
}
"#;

/// Renders the whole page.
pub fn render(input: &HtmlInput) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let counts = &input.summary["counts"];
    let table = OutletTable::new(input.outlets, input.wire_outlets);
    let version = input.summary["version"].as_str().unwrap_or("");
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<title>wiretrace report</title>\n<style>");
    h.push_str(CSS);
    h.push_str("</style>\n</head>\n<body>\n");
    let _ = writeln!(
        h,
        "<header><h1>Wire copy report</h1><p>{} articles from {} outlets · {} pairs sharing copy · {} story clusters · wiretrace {}</p></header>",
        thousands(table.article_count),
        thousands(table.outlet_count as u64),
        thousands(counts["pairs"].as_u64().unwrap_or(0)),
        thousands(counts["clusters"].as_u64().unwrap_or(0)),
        esc(version),
    );
    h.push_str(
        "<nav><a href=\"#summary\">Summary</a><a href=\"#outlets\">Outlets × agencies</a>\
         <a href=\"#reach\">Agency reach</a><a href=\"#clusters\">Story timelines</a>\
         <a href=\"#pairs\">Top pairs</a><a href=\"#passages\">Passages</a></nav>\n<main>\n",
    );
    summary_section(&mut h, input, &table);
    matrix_section(&mut h, &table);
    reach_section(&mut h, &table, input.credits);
    clusters_section(&mut h, input.clusters);
    let pairs = &input.top_pairs[..input.top_pairs.len().min(TOP_PAIRS)];
    pairs_section(&mut h, pairs, counts["pairs"].as_u64().unwrap_or(0));
    passages_section(&mut h, pairs);
    h.push_str("</main>\n");
    let _ = writeln!(
        h,
        "<footer>Written by wiretrace {}. This page shows aggregates and the top of each list \
         (the {TOP_OUTLETS} outlets carrying the most wire copy, {TOP_AGENCIES} agencies, the \
         {TOP_CLUSTERS} largest clusters, the {TOP_PAIRS} pairs sharing the most words); the CSV \
         reports beside it hold every row.</footer>\n</body>\n</html>",
        esc(version)
    );
    h
}

/// `outlets.csv` regrouped: per agency and per outlet, wire outlets apart.
struct OutletTable<'a> {
    /// Agencies by articles carrying their copy at other outlets (desc), then name.
    agencies: Vec<AgencyReach<'a>>,
    /// Non-wire outlets by articles carrying any wire copy (desc), then articles, then name.
    outlets: Vec<OutletLine<'a>>,
    /// Outlets in the run, wire outlets included.
    outlet_count: usize,
    /// Articles the reports cover (with `--index`, the whole index, not only this run's).
    article_count: u64,
    wire_count: usize,
}

#[derive(Default)]
struct AgencyReach<'a> {
    name: &'a str,
    outlets: u64,
    credited: u64,
    uncredited: u64,
    /// Of those, articles carrying its copy only rewritten.
    rewritten: u64,
    /// Articles of the agency's own outlet(s).
    own: u64,
}

/// An outlet's articles carrying one agency's copy: credited or not, and how many of them
/// carry it only rewritten (`outlets.csv`'s `rewritten`).
#[derive(Clone, Copy, Default)]
struct Share {
    credited: u64,
    uncredited: u64,
    rewritten: u64,
}

impl Share {
    fn add(self, o: Share) -> Share {
        Share {
            credited: self.credited + o.credited,
            uncredited: self.uncredited + o.uncredited,
            rewritten: self.rewritten + o.rewritten,
        }
    }
}

struct OutletLine<'a> {
    name: &'a str,
    articles: u64,
    /// Articles carrying any attributed wire copy (an article carrying two agencies counts in
    /// both; used only to rank).
    carrying: u64,
    /// Agency → its share; `""` is reuse attributed to no agency.
    by_agency: BTreeMap<&'a str, Share>,
}

impl<'a> OutletTable<'a> {
    fn new(rows: &'a [OutletRow], wire: &BTreeMap<String, String>) -> Self {
        let mut reach: BTreeMap<&'a str, AgencyReach<'a>> = BTreeMap::new();
        let mut lines: BTreeMap<&'a str, OutletLine<'a>> = BTreeMap::new();
        let mut wire_seen = BTreeSet::new();
        for r in rows {
            if let Some(own) = wire.get(&r.outlet) {
                wire_seen.insert(r.outlet.as_str());
                if *own == r.agency {
                    let a = reach.entry(&r.agency).or_default();
                    a.name = &r.agency;
                    a.own += r.reusing;
                    continue;
                }
            }
            let line = lines.entry(&r.outlet).or_insert_with(|| OutletLine {
                name: &r.outlet,
                articles: r.articles,
                carrying: 0,
                by_agency: BTreeMap::new(),
            });
            if r.reusing == 0 {
                continue;
            }
            let share = Share {
                credited: r.credited,
                uncredited: r.reusing - r.credited.min(r.reusing),
                rewritten: r.rewritten.min(r.reusing),
            };
            line.by_agency.insert(&r.agency, share);
            if !r.agency.is_empty() {
                line.carrying += r.reusing;
                let a = reach.entry(&r.agency).or_default();
                a.name = &r.agency;
                a.outlets += 1;
                a.credited += r.credited;
                a.uncredited += share.uncredited;
                a.rewritten += share.rewritten;
            }
        }
        // Every outlet's rows repeat its article count: one per outlet adds up the corpus.
        let per_outlet: BTreeMap<&str, u64> = rows
            .iter()
            .map(|r| (r.outlet.as_str(), r.articles))
            .collect();
        let outlet_count = per_outlet.len();
        let article_count = per_outlet.values().sum();
        let mut agencies: Vec<AgencyReach> = reach.into_values().collect();
        agencies.sort_by(|x, y| {
            (y.credited + y.uncredited)
                .cmp(&(x.credited + x.uncredited))
                .then(y.own.cmp(&x.own))
                .then(x.name.cmp(y.name))
        });
        let mut outlets: Vec<OutletLine> = lines
            .into_values()
            .filter(|l| !(wire_seen.contains(l.name) && l.by_agency.is_empty()))
            .collect();
        outlets.sort_by(|x, y| {
            y.carrying
                .cmp(&x.carrying)
                .then(y.articles.cmp(&x.articles))
                .then(x.name.cmp(y.name))
        });
        OutletTable {
            agencies,
            outlets,
            outlet_count,
            article_count,
            wire_count: wire_seen.len(),
        }
    }
}

fn summary_section(h: &mut String, input: &HtmlInput, table: &OutletTable) {
    let s = input.summary;
    let c = &s["counts"];
    let n = |v: &Value| v.as_u64().unwrap_or(0);
    let skipped: u64 = match &c["skipped"] {
        Value::Object(m) => m.values().map(n).sum(),
        v => n(v),
    };
    h.push_str("<section id=\"summary\"><h2>Run summary</h2>\n");
    h.push_str(
        "<p class=\"note\">What the reports cover and what was found in it. Wall times are in <code>summary.json</code>.</p>\n<div class=\"cards\">",
    );
    let carrying: u64 = table
        .agencies
        .iter()
        .map(|a| a.credited + a.uncredited)
        .sum();
    let uncredited: u64 = table.agencies.iter().map(|a| a.uncredited).sum();
    for (value, label) in [
        (thousands(table.article_count), "articles"),
        (thousands(table.outlet_count as u64), "outlets"),
        (thousands(n(&c["pairs"])), "pairs sharing copy"),
        (thousands(n(&c["clusters"])), "story clusters"),
        (thousands(n(&c["credits"])), "agency credits"),
        (pct(uncredited, carrying), "of wire copy uncredited"),
    ] {
        let _ = write!(
            h,
            "<div class=\"card\"><b>{value}</b><span>{label}</span></div>"
        );
    }
    h.push_str("</div>\n<dl class=\"params\">");
    let mut run = format!(
        "{} records read, {} new articles, {} already indexed, {} skipped",
        thousands(n(&c["read"])),
        thousands(n(&c["new"])),
        thousands(n(&c["already_indexed"])),
        thousands(skipped)
    );
    if let Value::Object(m) = &c["skipped"] {
        let reasons: Vec<String> = m
            .iter()
            .filter(|(_, v)| n(v) > 0)
            .map(|(k, v)| format!("{} {}", n(v), esc(k)))
            .collect();
        if !reasons.is_empty() {
            let _ = write!(run, " ({})", reasons.join(", "));
        }
    }
    let _ = write!(h, "<dt>this run</dt><dd>{run}</dd>");
    let inputs: Vec<&str> = match &s["inputs"] {
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let mut shown: Vec<String> = inputs
        .iter()
        .take(MAX_INPUTS)
        .map(|i| format!("<code>{}</code>", name(i)))
        .collect();
    if inputs.len() > MAX_INPUTS {
        shown.push(format!("and {} more", inputs.len() - MAX_INPUTS));
    }
    let _ = write!(h, "<dt>inputs</dt><dd>{}</dd>", shown.join(" "));
    if let Value::Object(p) = &s["parameters"] {
        let mut params = Vec::new();
        for (k, v) in p {
            let v = match v {
                Value::Null => continue,
                Value::String(s) => s.clone(),
                v => v.to_string(),
            };
            params.push(format!("{}&nbsp;{}", esc(k), name(&v)));
        }
        let _ = write!(h, "<dt>parameters</dt><dd>{}</dd>", params.join(" · "));
    }
    let _ = write!(
        h,
        "<dt>wire outlets</dt><dd>{} outlet(s) are agencies themselves; their own articles are \
         counted as the agency's feed, not as reuse</dd>",
        table.wire_count
    );
    h.push_str("</dl>\n</section>\n");
}

fn legend(h: &mut String) {
    h.push_str(
        "<div class=\"legend\"><span><i class=\"sw cred\"></i>credited to the agency</span>\
         <span><i class=\"sw uncr\"></i>not credited</span>\
         <span><i class=\"sw none\"></i>reuse attributed to no agency</span></div>\n",
    );
}

/// A small stacked bar: credited, then uncredited, over `whole`.
fn mini_bar(h: &mut String, credited: u64, uncredited: u64, whole: u64, grey: bool) {
    const W: f64 = 84.0;
    let scale = if whole == 0 { 0.0 } else { W / whole as f64 };
    let wc = credited as f64 * scale;
    let wu = (uncredited as f64 * scale).min(W - wc);
    let (c1, c2) = if grey {
        ("#a0a7b4", "#a0a7b4")
    } else {
        ("#2563a8", "#e07b24")
    };
    let _ = write!(
        h,
        "<svg width=\"84\" height=\"10\" viewBox=\"0 0 84 10\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"{credited} credited, {uncredited} uncredited of {whole}\">\
         <rect width=\"84\" height=\"10\" rx=\"2\" fill=\"#eef1f5\"/>\
         <rect width=\"{wc:.1}\" height=\"10\" fill=\"{c1}\"/>\
         <rect x=\"{wc:.1}\" width=\"{wu:.1}\" height=\"10\" fill=\"{c2}\"/></svg>"
    );
}

fn matrix_section(h: &mut String, t: &OutletTable) {
    h.push_str("<section id=\"outlets\"><h2>Wire share by outlet and agency</h2>\n");
    let _ = writeln!(
        h,
        "<p class=\"note\">Each cell: how many of the outlet's articles carry the agency's copy, \
         how many of those credit it for the text (dateline, byline or end credit), and how \
         many carry it only rewritten (a desk's rewrite, no verbatim passage). Bars are the share \
         of the outlet's articles. The {TOP_OUTLETS} outlets carrying the most wire \
         copy are shown ({} of {}); agencies' own feeds are left out; <code>outlets.csv</code> \
         has every row.</p>",
        t.outlets.len().min(TOP_OUTLETS),
        t.outlets.len()
    );
    legend(h);
    let cols: Vec<&str> = t
        .agencies
        .iter()
        .take(TOP_AGENCIES)
        .filter(|a| a.credited + a.uncredited > 0)
        .map(|a| a.name)
        .collect();
    let shown: BTreeSet<&str> = cols.iter().copied().collect();
    let has_other = t.outlets.iter().any(|o| {
        o.by_agency
            .keys()
            .any(|a| !a.is_empty() && !shown.contains(a))
    });
    let has_none = t.outlets.iter().any(|o| o.by_agency.contains_key(""));
    if t.outlets.is_empty() {
        h.push_str("<p>No outlet in this run.</p></section>\n");
        return;
    }
    h.push_str("<div class=\"wide\"><table class=\"matrix\"><thead><tr><th>outlet</th><th class=\"n\">articles</th>");
    for a in &cols {
        let _ = write!(h, "<th class=\"ag\">{}</th>", name(a));
    }
    if has_other {
        h.push_str("<th class=\"ag\">other agencies</th>");
    }
    if has_none {
        h.push_str("<th class=\"ag\">no agency</th>");
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for o in t.outlets.iter().take(TOP_OUTLETS) {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td>",
            name(o.name),
            o.articles
        );
        let cell = |h: &mut String, share: Option<Share>, grey: bool| match share {
            Some(s) if s.credited + s.uncredited > 0 => {
                let (c, u) = (s.credited, s.uncredited);
                h.push_str("<td class=\"c cell\">");
                mini_bar(h, c, u, o.articles, grey);
                let _ = write!(h, "<small>{} of {}", c + u, o.articles);
                if !grey {
                    let _ = write!(h, " · {c} credited");
                }
                if s.rewritten > 0 {
                    let _ = write!(h, " · {} rewritten", s.rewritten);
                }
                h.push_str("</small></td>");
            }
            _ => h.push_str("<td class=\"c\"></td>"),
        };
        for a in &cols {
            cell(h, o.by_agency.get(a).copied(), false);
        }
        if has_other {
            let other = o
                .by_agency
                .iter()
                .filter(|(a, _)| !a.is_empty() && !shown.contains(*a))
                .fold(Share::default(), |s, (_, &x)| s.add(x));
            cell(h, Some(other), false);
        }
        if has_none {
            // Unattributed reuse has no one to credit: all of it is drawn grey.
            let none = o.by_agency.get("").map(|&s| Share {
                credited: s.credited + s.uncredited,
                uncredited: 0,
                rewritten: s.rewritten,
            });
            cell(h, none, true);
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table></div>\n</section>\n");
}

fn reach_section(h: &mut String, t: &OutletTable, credits: &[CreditRow]) {
    h.push_str("<section id=\"reach\"><h2>Agency reach</h2>\n");
    let _ = writeln!(
        h,
        "<p class=\"note\">Articles at other outlets that carry each agency's copy, credited or \
         not, how many of them carry it only rewritten, and how many outlets they belong to; the \
         agency's own feed is counted apart. Top {TOP_AGENCIES} agencies by articles.</p>"
    );
    legend(h);
    let rows: Vec<&AgencyReach> = t.agencies.iter().take(TOP_AGENCIES).collect();
    if rows.is_empty() {
        h.push_str("<p>No agency copy found in this run.</p>");
    } else {
        let max = rows
            .iter()
            .map(|a| a.credited + a.uncredited)
            .max()
            .unwrap_or(0)
            .max(1);
        let (label_w, bar_w, row_h) = (130.0, 440.0, 30.0);
        let height = rows.len() as f64 * row_h + 10.0;
        let _ = write!(
            h,
            "<svg width=\"1000\" height=\"{height:.0}\" viewBox=\"0 0 1000 {height:.0}\" role=\"img\" aria-label=\"agency reach\">"
        );
        for (i, a) in rows.iter().enumerate() {
            let y = i as f64 * row_h + 5.0;
            let total = a.credited + a.uncredited;
            let wc = a.credited as f64 / max as f64 * bar_w;
            let wu = a.uncredited as f64 / max as f64 * bar_w;
            let _ = write!(
                h,
                "<text x=\"{:.0}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"14\" font-weight=\"600\" fill=\"#1d2330\">{}</text>\
                 <rect x=\"{label_w:.0}\" y=\"{y:.1}\" width=\"{wc:.1}\" height=\"18\" fill=\"#2563a8\"/>\
                 <rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{wu:.1}\" height=\"18\" fill=\"#e07b24\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" fill=\"#5d6675\">{} article{} at {} outlet{} · {} credited{}{}</text>",
                label_w - 10.0,
                y + 14.0,
                esc(&short(a.name, 16)),
                label_w + wc,
                label_w + wc + wu + 8.0,
                y + 14.0,
                total,
                if total == 1 { "" } else { "s" },
                a.outlets,
                if a.outlets == 1 { "" } else { "s" },
                pct(a.credited, total),
                if a.rewritten > 0 {
                    format!(" · {} rewritten", a.rewritten)
                } else {
                    String::new()
                },
                if a.own > 0 {
                    format!(" · own feed {}", a.own)
                } else {
                    String::new()
                },
            );
        }
        h.push_str("</svg>\n");
    }
    // Credits found, by agency and kind (photo credits and citations do not credit the text).
    let mut by: BTreeMap<&str, BTreeMap<&str, u64>> = BTreeMap::new();
    let mut kinds: BTreeSet<&str> = BTreeSet::new();
    for c in credits {
        *by.entry(&c.agency).or_default().entry(c.kind).or_default() += 1;
        kinds.insert(c.kind);
    }
    if !by.is_empty() {
        let order = ["dateline", "byline", "end_credit", "photo", "citation"];
        let mut ks: Vec<&str> = order
            .iter()
            .copied()
            .filter(|k| kinds.contains(k))
            .collect();
        ks.extend(kinds.iter().copied().filter(|k| !order.contains(k)));
        let mut ags: Vec<(&str, u64)> = by
            .iter()
            .map(|(a, m)| (*a, m.values().sum::<u64>()))
            .collect();
        ags.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
        let _ = write!(
            h,
            "<h3>Credits found</h3><p class=\"note\">Every agency credit in the texts, by kind \
             (<code>credits.csv</code>); photo credits and citations do not credit the text. \
             Top {TOP_AGENCIES} agencies of {}.</p><table><thead><tr><th>agency</th>",
            ags.len()
        );
        for k in &ks {
            let _ = write!(h, "<th class=\"n\">{}</th>", esc(&k.replace('_', " ")));
        }
        h.push_str("<th class=\"n\">all</th></tr></thead><tbody>\n");
        for (a, total) in ags.iter().take(TOP_AGENCIES) {
            let _ = write!(h, "<tr><td>{}</td>", name(a));
            for k in &ks {
                let v = by[a].get(k).copied().unwrap_or(0);
                if v == 0 {
                    h.push_str("<td class=\"n\"></td>");
                } else {
                    let _ = write!(h, "<td class=\"n\">{v}</td>");
                }
            }
            let _ = writeln!(h, "<td class=\"n\">{total}</td></tr>");
        }
        h.push_str("</tbody></table>\n");
    }
    h.push_str("</section>\n");
}

/// Seconds since the epoch of a report date (`2024-03-05` or `2024-03-05T14:30:00Z`).
fn date_secs(s: &str) -> Option<i64> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp());
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp())
}

/// A report date for people: `Mar 5, 2024, 14:30 UTC` or `Mar 5, 2024`; anything else as is.
fn nice_date(s: &str) -> String {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return t.format("%b %-d, %Y, %H:%M UTC").to_string();
    }
    match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) => d.format("%b %-d, %Y").to_string(),
        Err(_) => s.to_string(),
    }
}

/// A lag such as `+3 h 20 min` or `+2 d 4 h`.
fn lag(secs: i64) -> String {
    let sign = if secs < 0 { "−" } else { "+" };
    let s = secs.unsigned_abs();
    let (d, hr, min) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    if d > 0 {
        format!("{sign}{d} d {hr} h")
    } else if hr > 0 {
        format!("{sign}{hr} h {min} min")
    } else {
        format!("{sign}{min} min")
    }
}

fn clusters_section(h: &mut String, rows: &[ClusterRow]) {
    let mut by: BTreeMap<u32, Vec<&ClusterRow>> = BTreeMap::new();
    for r in rows {
        by.entry(r.cluster).or_default().push(r);
    }
    let mut order: Vec<(u32, usize)> = by.iter().map(|(k, v)| (*k, v.len())).collect();
    order.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    h.push_str("<section id=\"clusters\"><h2>Largest story clusters</h2>\n");
    let _ = writeln!(
        h,
        "<p class=\"note\">Who published each story when, the likely origin first (◆). Filled \
         dots are copies of the origin, open dots reuse passages of it; the lag is from the \
         origin. The {TOP_CLUSTERS} largest of {} clusters, {MAX_CLUSTER_MEMBERS} articles each \
         at most; <code>clusters.csv</code> has every member.</p>",
        order.len()
    );
    if order.is_empty() {
        h.push_str("<p>No story cluster in this run.</p>");
    }
    for &(id, _) in order.iter().take(TOP_CLUSTERS) {
        timeline(h, id, &by[&id]);
    }
    h.push_str("</section>\n");
}

fn timeline(h: &mut String, id: u32, members: &[&ClusterRow]) {
    let rank = |r: &str| match r {
        "origin" => 0,
        _ => 1,
    };
    let mut m: Vec<(&ClusterRow, Option<i64>)> =
        members.iter().map(|r| (*r, date_secs(&r.date))).collect();
    // Origin first, then by date (undated last), then id: a total order.
    m.sort_by(|x, y| {
        (
            rank(x.0.role),
            x.1.is_none(),
            x.1,
            x.0.id.as_bytes(),
            x.0.role,
        )
            .cmp(&(
                rank(y.0.role),
                y.1.is_none(),
                y.1,
                y.0.id.as_bytes(),
                y.0.role,
            ))
    });
    let origin = m.iter().find(|(r, _)| r.role == "origin");
    let head = origin.map(|o| o.0).unwrap_or(m[0].0);
    let agency = if head.agency.is_empty() {
        String::new()
    } else {
        format!(" · {}", name(&head.agency))
    };
    let title = if head.title.is_empty() {
        name(&head.id)
    } else {
        esc(&short(&head.title, 110))
    };
    let _ = writeln!(
        h,
        "<div class=\"cluster\" id=\"cluster-{id}\"><h3>{title}</h3><p class=\"note\">cluster {id} · {} articles{agency}{}</p>",
        members.len(),
        if members.len() > MAX_CLUSTER_MEMBERS {
            format!(" · first {MAX_CLUSTER_MEMBERS} shown")
        } else {
            String::new()
        }
    );
    let shown = &m[..m.len().min(MAX_CLUSTER_MEMBERS)];
    let times: Vec<i64> = shown.iter().filter_map(|x| x.1).collect();
    let (t0, t1) = match (times.iter().min(), times.iter().max()) {
        (Some(&a), Some(&b)) => (a, b),
        _ => (0, 0),
    };
    let (lx, px, pw, row_h) = (220.0, 232.0, 460.0, 24.0);
    let top = 30.0;
    let height = top + shown.len() as f64 * row_h + 8.0;
    let x_of = |t: i64| -> f64 {
        if t1 == t0 {
            px + pw / 2.0
        } else {
            px + (t - t0) as f64 / (t1 - t0) as f64 * pw
        }
    };
    let _ = write!(
        h,
        "<svg width=\"1000\" height=\"{height:.0}\" viewBox=\"0 0 1000 {height:.0}\" role=\"img\" aria-label=\"timeline of cluster {id}\">"
    );
    // Axis with ticks: dates, and times when the span is under three days.
    let _ = write!(
        h,
        "<line x1=\"{px}\" y1=\"{:.0}\" x2=\"{:.0}\" y2=\"{:.0}\" stroke=\"#c3c9d3\"/>",
        top - 8.0,
        px + pw,
        top - 8.0
    );
    if !times.is_empty() {
        let ticks: Vec<i64> = if t1 == t0 {
            vec![t0]
        } else {
            (0..=4).map(|k| t0 + (t1 - t0) * k / 4).collect()
        };
        let with_time = t1 - t0 < 3 * 86_400;
        for t in ticks {
            let x = x_of(t);
            let label = chrono::DateTime::from_timestamp(t, 0)
                .map(|d| {
                    if with_time {
                        d.format("%b %-d, %H:%M").to_string()
                    } else {
                        d.format("%b %-d, %Y").to_string()
                    }
                })
                .unwrap_or_default();
            let _ = write!(
                h,
                "<line x1=\"{x:.1}\" y1=\"{:.0}\" x2=\"{x:.1}\" y2=\"{height:.0}\" stroke=\"#eef1f5\"/>\
                 <text x=\"{x:.1}\" y=\"{:.0}\" text-anchor=\"middle\" font-size=\"11.5\" fill=\"#5d6675\">{}</text>",
                top - 8.0,
                top - 13.0,
                esc(&label)
            );
        }
    }
    let origin_t = origin.and_then(|o| o.1);
    for (i, (r, t)) in shown.iter().enumerate() {
        let y = top + i as f64 * row_h + row_h / 2.0;
        let _ = write!(
            h,
            "<text x=\"{lx:.0}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"13\" fill=\"#1d2330\"{}><title>{}</title>{}</text>",
            y + 4.5,
            if r.role == "origin" { " font-weight=\"600\"" } else { "" },
            name(&r.id),
            esc(&short(&r.outlet, 30))
        );
        let Some(t) = t else {
            let _ = write!(
                h,
                "<text x=\"{px}\" y=\"{:.1}\" font-size=\"12\" fill=\"#5d6675\">date unknown · {}</text>",
                y + 4.0,
                esc(r.role)
            );
            continue;
        };
        let x = x_of(*t);
        if let (Some(ot), false) = (origin_t, r.role == "origin") {
            let _ = write!(
                h,
                "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"#c3c9d3\" stroke-width=\"2\"/>",
                x_of(ot)
            );
        }
        match r.role {
            "origin" => {
                let _ = write!(
                    h,
                    "<path d=\"M{x:.1} {:.1} l7 7 l-7 7 l-7 -7 z\" fill=\"#1d2330\"/>",
                    y - 7.0
                );
            }
            "copy" => {
                let _ = write!(
                    h,
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5.5\" fill=\"#2563a8\"/>"
                );
            }
            _ => {
                let _ = write!(
                    h,
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"#fff\" stroke=\"#2563a8\" stroke-width=\"2\"/>"
                );
            }
        }
        let note = match (r.role, origin_t) {
            ("origin", _) => format!("origin · {}", esc(&nice_date(&r.date))),
            (_, Some(ot)) => format!(
                "{} · {} · {}",
                esc(r.role),
                lag(*t - ot),
                r.containment
                    .map(|c| format!("{:.0} % from origin", c * 100.0))
                    .unwrap_or_default()
            ),
            _ => format!("{} · {}", esc(r.role), esc(&nice_date(&r.date))),
        };
        let _ = write!(
            h,
            "<text x=\"{:.0}\" y=\"{:.1}\" font-size=\"12\" fill=\"#5d6675\">{note}</text>",
            px + pw + 16.0,
            y + 4.0
        );
    }
    h.push_str("</svg></div>\n");
}

fn pairs_section(h: &mut String, pairs: &[TopPair], total: u64) {
    h.push_str("<section id=\"pairs\"><h2>Top pairs</h2>\n");
    let _ = writeln!(
        h,
        "<p class=\"note\">The {} pairs (of {}) sharing the most words. Containment: share of \
         each article found in the other. Each pair links to its passages below; \
         <code>pairs.csv</code> has every pair.</p>",
        pairs.len(),
        total
    );
    if pairs.is_empty() {
        h.push_str("<p>No pair in this run.</p></section>\n");
        return;
    }
    h.push_str(
        "<table><thead><tr><th class=\"n\">#</th><th>article A</th><th>article B</th>\
         <th>agency</th><th class=\"n\">shared words</th><th class=\"n\">jaccard</th>\
         <th class=\"n\">A in B</th><th class=\"n\">B in A</th><th>passages</th></tr></thead><tbody>\n",
    );
    for (k, p) in pairs.iter().enumerate() {
        let r = &p.row;
        let side = |id: &str, outlet: &str, date: &str| {
            let origin = if !r.origin.is_empty() && r.origin == id {
                "<span class=\"tag\">origin</span>"
            } else {
                ""
            };
            format!(
                "{}{origin}<br><small class=\"id\">{}</small><br><small class=\"note\">{}</small>",
                name(outlet),
                esc(&short(id, 34)),
                esc(&nice_date(date))
            )
        };
        let _ = writeln!(
            h,
            "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"go\"><a href=\"#pair-{}\">{} {}{} →</a></td></tr>",
            k + 1,
            side(&r.id_a, &r.outlet_a, &r.date_a),
            side(&r.id_b, &r.outlet_b, &r.date_b),
            name(&r.agency),
            r.shared_words,
            num(r.jaccard),
            share(r.containment_a),
            share(r.containment_b),
            k + 1,
            p.passages.len(),
            passage_word(r.kind),
            if p.passages.len() == 1 { "" } else { "s" },
        );
    }
    h.push_str("</tbody></table>\n</section>\n");
}

/// What a pair's passages are called: verbatim passages, or a rewrite's aligned sentences.
fn passage_word(kind: ReuseKind) -> &'static str {
    match kind {
        ReuseKind::Rewrite => "aligned sentence block",
        _ => "passage",
    }
}

/// How the page names a kind of reuse.
fn kind_label(kind: ReuseKind) -> &'static str {
    match kind {
        ReuseKind::Duplicate => "near-duplicate",
        ReuseKind::Passages => "verbatim passages",
        ReuseKind::Rewrite => "rewritten copy",
    }
}

/// One side of a pair: the text with `spans` (char offsets, numbered) marked, long unshared
/// stretches elided, at most [`MAX_SIDE_CHARS`] characters of text shown.
fn marked_text(h: &mut String, text: &str, spans: &[(usize, usize, usize)], anchor: &str) {
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len();
    let piece = |a: usize, b: usize| -> String { esc(&chars[a..b].iter().collect::<String>()) };
    let gap_note = |h: &mut String, n: usize| {
        let _ = write!(h, "<span class=\"gap\"> […{n} characters…] </span>");
    };
    // Sorted by start, overlaps clipped, so the marks never nest.
    let mut spans: Vec<(usize, usize, usize)> = spans
        .iter()
        .map(|&(s, e, k)| (s.min(len), e.min(len), k))
        .filter(|(s, e, _)| s < e)
        .collect();
    spans.sort_unstable();
    let mut budget = MAX_SIDE_CHARS;
    let mut pos = 0usize;
    h.push_str("<div class=\"text\">");
    for &(s, e, k) in &spans {
        let s = s.max(pos);
        if s >= e {
            continue;
        }
        // The unshared stretch before this passage.
        let gap = s - pos;
        if gap > 0 {
            let keep_head = if pos == 0 { 0 } else { CONTEXT_CHARS };
            if gap <= keep_head + CONTEXT_CHARS + 40 {
                let n = gap.min(budget);
                h.push_str(&piece(pos, pos + n));
                budget -= n;
            } else {
                let n = keep_head.min(budget);
                h.push_str(&piece(pos, pos + n));
                budget -= n;
                gap_note(h, gap - keep_head - CONTEXT_CHARS);
                let n = CONTEXT_CHARS.min(budget);
                h.push_str(&piece(s - n, s));
                budget -= n;
            }
        }
        if budget == 0 {
            gap_note(h, len - s);
            pos = len;
            break;
        }
        let n = (e - s).min(budget);
        let _ = write!(
            h,
            "<mark id=\"{anchor}-{k}\"><sup>{k}</sup>{}</mark>",
            piece(s, s + n)
        );
        budget -= n;
        pos = s + n;
        if n < e - s {
            gap_note(h, len - pos);
            pos = len;
            break;
        }
    }
    // The tail after the last passage.
    if pos < len {
        let rest = len - pos;
        let n = rest.min(CONTEXT_CHARS).min(budget);
        h.push_str(&piece(pos, pos + n));
        if n < rest {
            gap_note(h, rest - n);
        }
    }
    h.push_str("</div>");
}

fn passages_section(h: &mut String, pairs: &[TopPair]) {
    h.push_str("<section id=\"passages\"><h2>Shared passages, side by side</h2>\n");
    let _ = writeln!(
        h,
        "<p class=\"note\">The top pairs' texts as read, the shared passages highlighted and \
         numbered alike on both sides (as <code>wiretrace explain</code> shows them). Unshared \
         stretches are shortened; at most {MAX_SIDE_CHARS} characters of each article are \
         shown.</p>"
    );
    for (k, p) in pairs.iter().enumerate() {
        let r = &p.row;
        let n = k + 1;
        let _ = writeln!(
            h,
            "<div class=\"pair\" id=\"pair-{n}\"><h3>{n}. {} ↔ {}</h3>\
             <p class=\"meta\">{} · {} shared words in {} {}{} · jaccard {} · {}{} · \
             <a href=\"#pairs\">back to the list</a></p>",
            name(&r.outlet_a),
            name(&r.outlet_b),
            kind_label(r.kind),
            r.shared_words,
            p.passages.len(),
            passage_word(r.kind),
            if p.passages.len() == 1 { "" } else { "s" },
            num(r.jaccard),
            if r.agency.is_empty() {
                "no agency".to_string()
            } else {
                format!("agency {}", name(&r.agency))
            },
            if r.origin.is_empty() {
                String::new()
            } else {
                format!(" · origin <code>{}</code>", name(&r.origin))
            },
        );
        let spans_a: Vec<(usize, usize, usize)> = p
            .passages
            .iter()
            .enumerate()
            .map(|(i, s)| (s.start_a as usize, s.end_a as usize, i + 1))
            .collect();
        let spans_b: Vec<(usize, usize, usize)> = p
            .passages
            .iter()
            .enumerate()
            .map(|(i, s)| (s.start_b as usize, s.end_b as usize, i + 1))
            .collect();
        h.push_str("<div class=\"side\">");
        for (label, id, outlet, date, title, text, spans, anchor) in [
            (
                "A",
                &r.id_a,
                &r.outlet_a,
                &r.date_a,
                &p.title_a,
                &p.text_a,
                &spans_a,
                format!("p{n}a"),
            ),
            (
                "B",
                &r.id_b,
                &r.outlet_b,
                &r.date_b,
                &p.title_b,
                &p.text_b,
                &spans_b,
                format!("p{n}b"),
            ),
        ] {
            let _ = write!(
                h,
                "<div><h4>{label} · {}{}<small>{} · {}{}</small></h4>",
                name(outlet),
                if *id == r.origin {
                    "<span class=\"tag\">origin</span>"
                } else {
                    ""
                },
                name(id),
                esc(&nice_date(date)),
                if title.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", esc(&short(title, 90)))
                }
            );
            marked_text(h, text, spans, &anchor);
            h.push_str("</div>");
        }
        h.push_str("</div>\n<p class=\"plist\">");
        for (i, s) in p.passages.iter().enumerate() {
            let _ = write!(
                h,
                "{}passage {} ({} words): <a href=\"#p{n}a-{}\">A</a> <a href=\"#p{n}b-{}\">B</a>",
                if i == 0 { "" } else { " · " },
                i + 1,
                s.words,
                i + 1,
                i + 1
            );
        }
        h.push_str("</p></div>\n");
    }
    h.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outlet(o: &str, a: &str, articles: u64, reusing: u64, credited: u64) -> OutletRow {
        OutletRow {
            outlet: o.into(),
            agency: a.into(),
            articles,
            reusing,
            credited,
            uncredited: reusing - credited,
            rewritten: 0,
        }
    }

    fn pair(n: usize, text: &str) -> TopPair {
        TopPair {
            row: PairRow {
                id_a: format!("a{n}"),
                id_b: format!("b{n}"),
                outlet_a: "Wire <Service>".into(),
                outlet_b: "The \"Herald\" & Co".into(),
                date_a: "2024-03-03T10:20:00Z".into(),
                date_b: "2024-03-04".into(),
                jaccard: 0.5,
                containment_a: 0.6,
                containment_b: 0.7,
                shared_words: 40,
                passage: "shared".into(),
                passage_cell: None,
                origin: format!("a{n}"),
                agency: "AP".into(),
                cluster: 1,
                kind: ReuseKind::Passages,
            },
            title_a: "<b>title</b>".into(),
            title_b: String::new(),
            passages: vec![PassageRow {
                id_a: format!("a{n}"),
                start_a: 6,
                end_a: 12,
                id_b: format!("b{n}"),
                start_b: 0,
                end_b: 6,
                words: 1,
                text: "shared".into(),
            }],
            text_a: format!("intro shared {text}"),
            text_b: format!("shared {text}"),
        }
    }

    fn cluster(c: u32, id: &str, date: &str, role: &'static str) -> ClusterRow {
        ClusterRow {
            cluster: c,
            id: id.into(),
            outlet: format!("outlet of {id}"),
            date: date.into(),
            title: "<script>alert(1)</script>".into(),
            role,
            containment: Some(0.5),
            agency: "AP".into(),
        }
    }

    fn page(outlets: &[OutletRow], clusters: &[ClusterRow], pairs: &[TopPair]) -> String {
        let summary = serde_json::json!({
            "version": "0.1.0",
            "inputs": ["corpus/<x>"],
            "parameters": {"shingle": 5, "agencies": null},
            "counts": {"read": 3, "new": 3, "skipped": {"invalid_json": 1}, "pairs": 1, "clusters": 1, "credits": 0},
            "seconds": {"total": 987.654, "stages": {"verify": 987.654}},
        });
        let wire: BTreeMap<String, String> = [("Wire <Service>".to_string(), "AP".to_string())]
            .into_iter()
            .collect();
        render(&HtmlInput {
            summary: &summary,
            outlets,
            clusters,
            credits: &[],
            top_pairs: pairs,
            wire_outlets: &wire,
        })
    }

    #[test]
    fn escapes_every_text() {
        assert_eq!(
            esc("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
        let h = page(
            &[outlet("The \"Herald\" & Co", "AP", 4, 2, 1)],
            &[
                cluster(1, "a<1>", "2024-03-03T10:20:00Z", "origin"),
                cluster(1, "b1", "2024-03-04", "copy"),
            ],
            &[pair(1, "<img src=x onerror=alert(1)>")],
        );
        assert!(!h.contains("<script"), "raw script from input");
        assert!(!h.contains("<img"), "raw tag from input");
        assert!(!h.contains("<b>title"));
        assert!(h.contains("The &quot;Herald&quot; &amp; Co"));
        assert!(h.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(h.contains("corpus/&lt;x&gt;"));
    }

    #[test]
    fn page_is_self_contained_and_links_pairs_to_passages() {
        let h = page(
            &[outlet("The \"Herald\" & Co", "AP", 4, 2, 1)],
            &[],
            &[pair(1, "rest")],
        );
        for bad in [
            "src=", "http://", "https://", "<script", "<link", "@import", "url(",
        ] {
            assert!(!h.contains(bad), "{bad}");
        }
        for id in [
            "summary", "outlets", "reach", "clusters", "pairs", "passages", "pair-1",
        ] {
            assert!(h.contains(&format!("id=\"{id}\"")), "{id}");
        }
        assert!(h.contains("href=\"#pair-1\""));
        // The passage is marked on both sides, and the list links to both marks.
        assert!(h.contains("<mark id=\"p1a-1\"><sup>1</sup>shared</mark>"));
        assert!(h.contains("<mark id=\"p1b-1\"><sup>1</sup>shared</mark>"));
        assert!(h.contains("href=\"#p1a-1\"") && h.contains("href=\"#p1b-1\""));
        assert!(h.contains(
            "3 records read, 3 new articles, 0 already indexed, 1 skipped (1 invalid_json)"
        ));
        // The article total comes from the outlet rows (the index's whole, not this run's).
        assert!(h.contains("<b>4</b><span>articles</span>"));
        // Wall times are not shown (they would break determinism).
        assert!(!h.contains("987"));
        // The wire outlet's own feed is not counted as reuse in the matrix.
        assert!(h.contains("2 of 4 · 1 credited"));
    }

    #[test]
    fn rewritten_wire_use_is_told_apart_in_the_matrix_and_the_reach() {
        let rows = [
            OutletRow {
                rewritten: 2,
                ..outlet("Daily Post", "EFE", 10, 3, 1)
            },
            outlet("Evening Star", "EFE", 5, 1, 1),
            outlet("Morning Sun", "AFP", 6, 2, 0),
        ];
        let h = page(&rows, &[], &[]);
        // The cell of the outlet that rewrites, and only it, says how much is rewritten.
        assert!(h.contains("3 of 10 · 1 credited · 2 rewritten"), "{h}");
        assert!(h.contains("1 of 5 · 1 credited</small>"));
        assert!(h.contains("2 of 6 · 0 credited</small>"));
        // The agency's reach adds its outlets' rewritten articles; AFP has none.
        assert!(
            h.contains("4 articles at 2 outlets · 50\u{a0}% credited · 2 rewritten"),
            "{h}"
        );
        assert!(h.contains("2 articles at 1 outlet · 0\u{a0}% credited<"));
    }

    #[test]
    fn output_is_deterministic_and_order_independent() {
        let a = vec![
            outlet("X", "AP", 4, 2, 1),
            outlet("X", "Reuters", 4, 1, 0),
            outlet("Y", "AP", 3, 3, 3),
            outlet("Z", "", 2, 0, 0),
        ];
        let c = vec![
            cluster(2, "c1", "2024-03-05", "origin"),
            cluster(2, "c2", "2024-03-06", "partial"),
            cluster(1, "x1", "2024-03-03T10:20:00Z", "origin"),
            cluster(1, "x2", "2024-03-03T12:00:00Z", "copy"),
            cluster(1, "x3", "", "partial"),
        ];
        let one = page(&a, &c, &[pair(1, "q")]);
        assert_eq!(one, page(&a, &c, &[pair(1, "q")]));
        let mut a2 = a.clone();
        a2.reverse();
        let mut c2 = c.clone();
        c2.reverse();
        assert_eq!(one, page(&a2, &c2, &[pair(1, "q")]));
        // The larger cluster comes first, its origin first; the undated member is listed.
        let first = one.find("cluster-1").unwrap();
        assert!(first < one.find("cluster-2").unwrap());
        assert!(one.contains("date unknown"));
        assert!(one.contains("+1 h 40 min"));
    }

    #[test]
    fn size_is_bounded_whatever_the_input() {
        let mut outlets = Vec::new();
        for o in 0..20_000 {
            for a in 0..20 {
                outlets.push(outlet(
                    &format!("outlet {o:05}"),
                    &format!("agency {a}"),
                    100,
                    10,
                    5,
                ));
            }
        }
        let mut clusters = Vec::new();
        for c in 0..20_000u32 {
            for m in 0..(2 + c % 50) {
                let role = if m == 0 { "origin" } else { "partial" };
                clusters.push(cluster(c, &format!("d{c}-{m}"), "2024-03-05", role));
            }
        }
        let long = "word ".repeat(20_000);
        let mut pairs: Vec<TopPair> = (0..500).map(|n| pair(n, &long)).collect();
        // The whole of both texts is shared: each side is shown up to its cap.
        for p in &mut pairs {
            p.passages[0].end_a = 1_000_000;
            p.passages[0].end_b = 1_000_000;
        }
        let h = page(&outlets, &clusters, &pairs);
        // 0.77 MB when written; each shown pair side is capped, so CJK text (3 bytes a
        // character) could add at most 50 × 2 × 4000 × 2 bytes more.
        assert!(h.len() < 1_000_000, "{} bytes", h.len());
        assert_eq!(h.matches("<tr><td class=\"n\">").count(), TOP_PAIRS);
        assert_eq!(h.matches("class=\"cluster\"").count(), TOP_CLUSTERS);
        assert!(h.matches("<tr><td>outlet ").count() <= TOP_OUTLETS);
        assert!(h.contains("first 30 shown"));
    }

    #[test]
    fn huge_names_are_cut() {
        let huge = "N".repeat(1_000_000);
        let mut p = pair(1, "x");
        p.row.outlet_a = huge.clone();
        p.row.id_a = huge.clone();
        p.row.origin = huge.clone();
        p.row.agency = huge.clone();
        let h = page(
            &[outlet(&huge, &huge, 4, 2, 1)],
            &[cluster(1, &huge, "2024-03-05", "origin")],
            &[p],
        );
        assert!(h.len() < 100_000, "{} bytes", h.len());
        assert!(h.contains(&format!("{}…", "N".repeat(MAX_NAME_CHARS))));
    }

    #[test]
    fn long_gaps_are_elided_and_marks_do_not_nest() {
        let text = format!("{}SHARED{}", "x".repeat(1000), "y".repeat(1000));
        let mut h = String::new();
        marked_text(&mut h, &text, &[(1000, 1006, 1), (1003, 1010, 2)], "t");
        assert!(h.contains("<mark id=\"t-1\"><sup>1</sup>SHARED</mark>"));
        // The overlapping second span is clipped to what follows the first.
        assert!(h.contains("<mark id=\"t-2\"><sup>2</sup>yyyy</mark>"));
        assert!(h.contains("[…840 characters…]"));
        assert!(h.contains(&"x".repeat(CONTEXT_CHARS)));
        assert!(!h.contains(&"x".repeat(CONTEXT_CHARS + 1)));
        assert!(h.len() < 1000);
    }

    #[test]
    fn dates_and_lags() {
        assert_eq!(date_secs("1970-01-02"), Some(86_400));
        assert_eq!(date_secs("1970-01-01T01:00:00Z"), Some(3600));
        assert_eq!(date_secs("soon"), None);
        assert_eq!(lag(3 * 3600 + 20 * 60), "+3 h 20 min");
        assert_eq!(lag(2 * 86_400 + 4 * 3600), "+2 d 4 h");
        assert_eq!(lag(-300), "−5 min");
    }
}
