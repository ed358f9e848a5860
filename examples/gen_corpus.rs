//! `gen_corpus` — a seeded synthetic news corpus with ground truth, for wiretrace benchmarks.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --articles 100000 --seed 7 \
//!     --out corpus.jsonl --truth truth.csv [--words-min 300 --words-max 1200]
//! ```
//!
//! Writes JSON Lines (`id`, `outlet`, `date` RFC 3339 UTC, `title`, `url`, `text` with paragraphs
//! separated by `"\n\n"`), ids `a0000001`, `a0000002`, … in date order, and optionally a ground-truth
//! CSV of every article pair that shares wire copy. The output is a pure function of the flags: the
//! only randomness is a splitmix64 stream per (seed, purpose, index), and no transcendental floating
//! point (`ln`, `powf`, whose last bit differs between libms) is used, so the same seed gives the
//! same bytes on every machine.
//!
//! # Model
//! * **Languages.** Four synthetic languages (en-, es-, de-, fr-like), each a fixed list of 30,000
//!   words: ~40 real function words at the top ranks, then words built from language-flavoured
//!   syllables (German-like nouns capitalised), shorter words at higher ranks. Words are drawn with a
//!   Zipf law (s = 1.0, alias table, O(1) per word), so common words repeat like real text while a
//!   random 5-word sequence practically never recurs by chance. Sentences are 8–30 words (6 % commas,
//!   2 % numbers formatted per language, 15 % carry a stock phrase like "according to the" / "am
//!   Montag"), paragraphs 2–5 sentences, bodies `--words-min`..`--words-max` words (mean ≈ 975 with
//!   the defaults; skewed to the long end).
//! * **Agencies** (`--wire-share`, default 15 % of the corpus): Reuters and Associated Press
//!   (en), AFP (fr), EFE (es), dpa (de), publishing under their own outlet name with datelines
//!   (`LONDON (Reuters) - `, `WASHINGTON (AP) — `, `Paris (AFP) - `, `MADRID, 21 ene (EFE).- `,
//!   `Berlin (dpa) - `). Stories spread uniformly over `--days`.
//! * **Outlets** (`--outlets`, default articles/10 clamped to 20..=200), each with a language, a
//!   size (weight 1/(rank+10)), a footer of 15–40 words ("See also …", "Leave a Reply …", newsletter
//!   blurb with synthetic words) and for 35 % of outlets a navigation header, put on 75–98 % of its
//!   articles; a per-outlet reuse appetite (×0.3–1.7, rescaled so the size-weighted mean is 1 and
//!   `--reuse` holds for every seed) and crediting habit (20–80 %).
//! * **Reuse** of same-language wire stories, by share of outlet articles at `--reuse 0.40`:
//!   verbatim 9 % (whole story, dateline kept 75 %), edited 8 % (per word 0.6 % substituted and 0.4 %
//!   deleted, one sentence dropped 70 % of the time, a local intro paragraph 25 %), truncated 6 %
//!   (first 30–70 % of paragraphs), partial 7 % (3–5 consecutive wire paragraphs inside the outlet's
//!   own text, sometimes split by an own paragraph), splice 5 % (1–2 wire paragraphs inside a
//!   roundup of 0.85–1.25 × `--words-max` words; 35 % also take 1–2 paragraphs of a second,
//!   unrelated story published close in time), spun 5 % (first 60–100 % of paragraphs,
//!   neighbouring paragraphs swapped, sentences shuffled, words replaced in runs of 2–6 between kept
//!   runs of 5–15, i.e. ~29 % substituted; a few own sentences added; this kind was called
//!   `rewrite` before desk rewrites came). Reprints are published 2 min
//!   to 3 days after their story (cubic skew towards minutes) and end with a credit line ("With
//!   information from Reuters", "Con información de EFE", …) at the outlet's crediting rate (×0.6
//!   for splices). Popular stories: 40 % of reprints pick a story with a u² skew, so a few stories
//!   are reprinted hundreds of times in a 1M corpus.
//! * **Desk rewrites** (kind `rewrite`, 4 % of outlet articles at `--reuse 0.40`: `DESK_SHARE` ×
//!   the outlet's reuse scale): a desk's rewrite of a same-language wire story published 2 min to
//!   3 days before (skewed recent), at one of three intensities (light 35 %, medium 40 %, heavy
//!   25 %, table `DESK_LEVELS`). Per sentence, with the level's probabilities: content words
//!   (ranks 40–9999) swapped for a synonym (a fixed pairing of neighbouring ranks; rarer words stand
//!   for names and places and are kept), function words dropped, neighbouring words swapped,
//!   numbers 0–20 spelled out ("nine"), thousands figures rounded ("12 thousand"), merged with the
//!   next sentence (", and"), a clause dropped, halves swapped at a comma, the sentence dropped;
//!   per article: paragraphs kept from the top (85–100 %
//!   light, 50–80 % heavy), neighbouring paragraphs swapped, a later sentence (one with "said" if
//!   any) moved to the top, an own intro sentence, the dateline replaced by the outlet's own
//!   (`LONDON (The Xyz Herald) — `, `LONDON — `) or dropped, a credit line at 0.6 × the outlet's
//!   rate. Light rewrites keep long verbatim runs; heavy ones keep few 5-word runs or none.
//!   **Stability:** desk rewrites are carved out of articles the plan made own-text, decided by a
//!   separate stream per article (`TAG_DESK`), and keep that article's timestamp, so the plan
//!   stream, every id and every other article's bytes are exactly what they were before desk
//!   rewrites existed; only the truth gains rows (and `spun` was renamed from `rewrite`).
//! * **Negatives** (6 % of outlet articles): own-text stories about one "event" by 2–4 outlets of a
//!   language within 18 h, each quoting the same 10–14-word sentence. Also shared by design and
//!   NOT in the truth: an outlet's own chrome, the comment-form boilerplate ("Leave a Reply Cancel
//!   reply. Your email address will not be published.") that a third of the outlets of a language
//!   carry, and stock phrases.
//!
//! # Ground truth (`--truth`)
//! `id_a,id_b,kind,shared_words`, one row per pair of articles carrying text of the same wire story
//! (the wire article itself and every reprint, so reprint–reprint pairs too), `id_a < id_b` in byte
//! order, rows sorted. Each article records, per story, the runs of consecutive wire word positions
//! that appear contiguously in its text; `shared_words` is the total length of the overlaps of two
//! articles' runs that are at least 5 words long (what a 5-word shingle can see; the dateline and
//! credit are not counted). Pairs with no such overlap (e.g. two partial reprints of disjoint
//! paragraphs) are left out — except pairs with a desk rewrite, which are in whenever the two carry
//! at least `DESK_MIN_OVERLAP` (20) words of the same wire sentences, rewritten or not (the desk
//! rewrite's rewritten sentences against the other's runs), so their `shared_words` (still the
//! verbatim ≥ 5-word overlap) can be anything from 0 up. `kind` is the weaker of the two, in the
//! order verbatim < edited < truncated < partial < splice < spun < rewrite. A pair linked through two stories (two splices of the
//! same two stories) appears once, with the words summed. Truth is built per story when its last
//! carrier is written, so memory and time are O(live stories + pairs).

use clap::Parser;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

// ---------------------------------------------------------------------------------------------
// Flags and validated configuration

#[derive(Parser, Debug, Clone)]
#[command(
    name = "gen_corpus",
    about = "Seeded synthetic news corpus with wire-reuse ground truth"
)]
pub(crate) struct Args {
    /// Number of articles to generate.
    #[arg(long, default_value_t = 1000)]
    articles: u32,
    /// Seed; the same seed and flags give byte-identical output.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output JSON Lines file (`-` for standard output).
    #[arg(long)]
    out: PathBuf,
    /// Ground-truth CSV (`id_a,id_b,kind,shared_words`).
    #[arg(long)]
    truth: Option<PathBuf>,
    /// Shortest article body, in words.
    #[arg(long, default_value_t = 300)]
    words_min: u32,
    /// Longest article body, in words (roundups run to 1.25 times this).
    #[arg(long, default_value_t = 1200)]
    words_max: u32,
    /// Ordinary outlets [default: articles/10, clamped to 20..=200].
    #[arg(long)]
    outlets: Option<u32>,
    /// Days spanned by the wire stories [default: articles/2000, clamped to 7..=730].
    #[arg(long)]
    days: Option<u32>,
    /// Share of the corpus that is agency copy.
    #[arg(long, default_value_t = 0.15)]
    wire_share: f64,
    /// Share of outlet articles that carry wire copy (before per-outlet variation).
    #[arg(long, default_value_t = 0.40)]
    reuse: f64,
}

#[derive(Debug, Clone)]
pub(crate) struct Config {
    articles: u32,
    seed: u64,
    words_min: u32,
    words_max: u32,
    outlets: u32,
    span_secs: u32,
    wire_share: f64,
    reuse: f64,
    truth: bool,
}

impl Config {
    pub(crate) fn new(a: &Args) -> Result<Config, String> {
        if a.articles == 0 {
            return Err("--articles must be at least 1".into());
        }
        if a.words_min < 20 || a.words_max < a.words_min || a.words_max > 100_000 {
            return Err("need 20 <= --words-min <= --words-max <= 100000".into());
        }
        if !(0.0..=1.0).contains(&a.wire_share) || !(0.0..=0.9).contains(&a.reuse) {
            return Err("need 0 <= --wire-share <= 1 and 0 <= --reuse <= 0.9".into());
        }
        let outlets = a.outlets.unwrap_or((a.articles / 10).clamp(20, 200));
        if !(1..=60_000).contains(&outlets) {
            return Err("--outlets must be in 1..=60000".into());
        }
        let days = a.days.unwrap_or((a.articles / 2000).clamp(7, 730));
        if !(1..=20_000).contains(&days) {
            return Err("--days must be in 1..=20000".into());
        }
        Ok(Config {
            articles: a.articles,
            seed: a.seed,
            words_min: a.words_min,
            words_max: a.words_max,
            outlets,
            span_secs: days * 86_400,
            wire_share: a.wire_share,
            reuse: a.reuse,
            truth: a.truth.is_some(),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Deterministic PRNG (splitmix64)

const TAG_VOCAB: u64 = 1;
const TAG_OUTLET: u64 = 2;
const TAG_PLAN: u64 = 3;
const TAG_STORY: u64 = 4;
const TAG_TITLE: u64 = 5;
const TAG_ARTICLE: u64 = 6;
const TAG_EVENT: u64 = 7;
const TAG_CITY: u64 = 8;
/// Desk rewrites: which own articles become one, and of which story (never the plan stream).
const TAG_DESK: u64 = 9;
/// The vocabularies do not depend on `--seed`: corpora with different seeds share languages.
const VOCAB_SEED: u64 = 0x7769_7265_7472_6163;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

struct Rng(u64);

impl Rng {
    /// An independent stream for (seed, purpose, index).
    fn derive(seed: u64, tag: u64, n: u64) -> Rng {
        Rng(mix(seed
            ^ mix(tag.wrapping_mul(0x9E37_79B9_7F4A_7C15)
                ^ mix(n.wrapping_add(0x632B_E59B_D9B4_E019)))))
    }
    #[inline]
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }
    /// Uniform in `0..n` (Lemire's multiply-shift; n > 0).
    #[inline]
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }
    /// Uniform in `lo..=hi`.
    #[inline]
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below(u64::from(hi - lo) + 1) as u32
    }
    /// Uniform in `[0, 1)`, exactly representable.
    #[inline]
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    #[inline]
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }
}

// ---------------------------------------------------------------------------------------------
// Languages and agencies

struct LangSpec {
    onsets: &'static [&'static str],
    nuclei: &'static [&'static str],
    codas: &'static [&'static str],
    /// Real function words, given the top Zipf ranks.
    function: &'static [&'static str],
    /// Stock phrases shared by all articles of the language.
    phrases: &'static [&'static str],
    said: &'static str,
    thousands: char,
    decimal: char,
    noun_caps: bool,
    tld: &'static str,
    and: &'static str,
    /// Credit lines, `{A}` = agency.
    credits: &'static [&'static str],
    /// Outlet names, `{P}` = a synthetic place.
    outlet_names: &'static [&'static str],
    see_also: &'static str,
    reply: &'static str,
    /// `{N}` = outlet name.
    newsletter: &'static str,
    follow: &'static str,
    read_more: &'static str,
    subscribe: &'static str,
    /// Numbers 0–20 in words, for desk rewrites ("9 wickets" -> "nine wickets").
    num_words: [&'static str; 21],
    /// "thousand", for desk rewrites' rounded numbers ("12,483" -> "12 thousand").
    thousand: &'static str,
}

const EN: usize = 0;
const ES: usize = 1;
const DE: usize = 2;
const FR: usize = 3;

static LANGS: [LangSpec; 4] = [
    LangSpec {
        onsets: &[
            "b", "br", "c", "ch", "cl", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m",
            "n", "p", "pl", "pr", "r", "s", "sh", "sl", "st", "str", "t", "th", "tr", "w", "wh",
            "y",
        ],
        nuclei: &["a", "e", "i", "o", "u", "ea", "ee", "oo", "ou", "ai", "y", "a", "e", "i"],
        codas: &[
            "", "", "n", "r", "s", "t", "d", "ng", "nd", "st", "ck", "ll", "rt", "th", "ght",
            "sh", "x", "m",
        ],
        function: &[
            "the", "of", "and", "to", "a", "in", "is", "that", "for", "on", "was", "with", "he",
            "it", "as", "at", "by", "from", "his", "be", "are", "have", "has", "this", "an",
            "were", "they", "not", "but", "or", "which", "will", "had", "their", "its", "after",
            "who", "been", "more", "said",
        ],
        phrases: &[
            "according to the",
            "on Monday",
            "on Tuesday",
            "on Wednesday",
            "on Thursday",
            "on Friday",
            "in a statement",
            "per cent",
            "at least",
            "more than",
            "for the first time",
            "told reporters",
            "the government said",
            "last year",
            "this week",
        ],
        said: "said",
        thousands: ',',
        decimal: '.',
        noun_caps: false,
        tld: "com",
        and: "and",
        credits: &["With information from {A}.", "Source: {A}.", "({A})"],
        outlet_names: &[
            "The {P} Herald",
            "The {P} Times",
            "{P} Post",
            "The {P} Chronicle",
            "{P} Gazette",
            "The {P} Observer",
            "{P} Tribune",
            "{P} Courier",
            "{P} Daily",
            "{P} News",
        ],
        see_also: "See also:",
        reply: "Leave a Reply Cancel reply. Your email address will not be published.",
        newsletter: "Sign up for the {N} newsletter:",
        follow: "Follow us on",
        read_more: "Read more:",
        subscribe: "Subscribe",
        num_words: [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen", "twenty",
        ],
        thousand: "thousand",
    },
    LangSpec {
        onsets: &[
            "b", "c", "d", "f", "g", "j", "l", "ll", "m", "n", "ñ", "p", "r", "s", "t", "v", "z",
            "ch", "br", "tr", "pl", "gr", "cu", "qu", "m", "s", "c", "d", "t", "p", "l", "r", "n",
        ],
        nuclei: &[
            "a", "e", "i", "o", "u", "ia", "ie", "ue", "io", "a", "e", "o", "a", "e", "i", "o",
            "u", "a", "e", "o", "ó", "á", "í", "é",
        ],
        codas: &["", "", "", "", "n", "s", "r", "l", "d", "z"],
        function: &[
            "de", "la", "que", "el", "en", "y", "a", "los", "del", "se", "las", "por", "un",
            "para", "con", "no", "una", "su", "al", "lo", "como", "más", "pero", "sus", "le", "ya",
            "o", "fue", "este", "ha", "sí", "porque", "esta", "son", "entre", "cuando", "muy",
            "sin", "sobre", "dijo",
        ],
        phrases: &[
            "según el",
            "el lunes",
            "el martes",
            "el miércoles",
            "el jueves",
            "el viernes",
            "en un comunicado",
            "por ciento",
            "al menos",
            "más de",
            "por primera vez",
            "dijo a los periodistas",
            "el año pasado",
            "esta semana",
        ],
        said: "dijo",
        thousands: '.',
        decimal: ',',
        noun_caps: false,
        tld: "es",
        and: "y",
        credits: &["Con información de {A}.", "Fuente: {A}.", "({A})"],
        outlet_names: &[
            "Diario {P}",
            "El {P}",
            "La Voz de {P}",
            "{P} Noticias",
            "Crónica de {P}",
            "El Correo de {P}",
            "Heraldo de {P}",
        ],
        see_also: "Ver también:",
        reply: "Deja una respuesta Cancelar la respuesta. Tu dirección de correo electrónico no será publicada.",
        newsletter: "Suscríbete al boletín de {N}:",
        follow: "Síguenos en",
        read_more: "Lee también:",
        subscribe: "Suscríbete",
        num_words: [
            "cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
            "diez", "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete",
            "dieciocho", "diecinueve", "veinte",
        ],
        thousand: "mil",
    },
    LangSpec {
        onsets: &[
            "b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "w", "z", "sch",
            "st", "sp", "pf", "kr", "tr", "br", "gr", "fl", "kl", "schw", "schl", "w", "b",
        ],
        nuclei: &[
            "a", "e", "i", "o", "u", "ei", "au", "ie", "eu", "ä", "ö", "ü", "e", "a", "e",
        ],
        codas: &[
            "", "n", "r", "s", "t", "ch", "ng", "nd", "rt", "cht", "tz", "ck", "ss", "lt", "rg",
            "ß", "n", "r",
        ],
        function: &[
            "der", "die", "und", "in", "den", "von", "zu", "das", "mit", "sich", "des", "auf",
            "für", "ist", "im", "dem", "nicht", "ein", "eine", "als", "auch", "es", "an", "werden",
            "aus", "er", "hat", "dass", "sie", "nach", "wird", "bei", "einer", "um", "am", "sind",
            "noch", "wie", "einem", "sagte",
        ],
        phrases: &[
            "nach Angaben der",
            "am Montag",
            "am Dienstag",
            "am Mittwoch",
            "am Donnerstag",
            "am Freitag",
            "in einer Mitteilung",
            "Prozent",
            "mindestens",
            "mehr als",
            "zum ersten Mal",
            "sagte ein Sprecher",
            "im vergangenen Jahr",
            "in dieser Woche",
        ],
        said: "sagte",
        thousands: '.',
        decimal: ',',
        noun_caps: true,
        tld: "de",
        and: "und",
        credits: &["Mit Material von {A}.", "Quelle: {A}.", "({A})"],
        outlet_names: &[
            "{P}er Zeitung",
            "{P}er Morgenpost",
            "{P} Kurier",
            "{P}er Nachrichten",
            "Neue {P}er Presse",
            "{P}er Anzeiger",
        ],
        see_also: "Lesen Sie auch:",
        reply: "Schreibe einen Kommentar Antworten abbrechen. Deine E-Mail-Adresse wird nicht veröffentlicht.",
        newsletter: "Abonnieren Sie den Newsletter von {N}:",
        follow: "Folgen Sie uns auf",
        read_more: "Mehr zum Thema:",
        subscribe: "Abonnieren",
        num_words: [
            "null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun",
            "zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn",
            "achtzehn", "neunzehn", "zwanzig",
        ],
        thousand: "Tausend",
    },
    LangSpec {
        onsets: &[
            "b", "c", "d", "f", "g", "j", "l", "m", "n", "p", "r", "s", "t", "v", "ch", "gr",
            "tr", "pl", "br", "cr", "fr", "qu", "l", "m", "d",
        ],
        nuclei: &[
            "a", "e", "i", "o", "u", "ou", "ai", "au", "eau", "ie", "oi", "a", "e", "i", "o", "e",
            "a", "é", "è", "ê",
        ],
        codas: &[
            "", "", "", "n", "s", "r", "l", "t", "x", "nt", "ille", "ette", "ion", "eur",
        ],
        function: &[
            "de", "la", "le", "et", "les", "des", "en", "un", "du", "une", "que", "est", "pour",
            "qui", "dans", "a", "par", "plus", "pas", "au", "sur", "ne", "se", "ce", "il", "sont",
            "avec", "son", "aux", "mais", "comme", "ont", "été", "leur", "cette", "selon", "après",
            "sa", "ses", "elle",
        ],
        phrases: &[
            "selon le",
            "lundi",
            "mardi",
            "mercredi",
            "jeudi",
            "vendredi",
            "dans un communiqué",
            "pour cent",
            "au moins",
            "plus de",
            "pour la première fois",
            "a-t-il déclaré",
            "l'an dernier",
            "cette semaine",
        ],
        said: "a déclaré",
        thousands: ' ',
        decimal: ',',
        noun_caps: false,
        tld: "fr",
        and: "et",
        credits: &["Avec {A}.", "Source : {A}.", "({A})"],
        outlet_names: &[
            "Le {P}",
            "La Dépêche de {P}",
            "{P} Matin",
            "L'Écho de {P}",
            "Le Journal de {P}",
            "Le Progrès de {P}",
        ],
        see_also: "Voir aussi :",
        reply: "Laisser un commentaire Annuler la réponse. Votre adresse e-mail ne sera pas publiée.",
        newsletter: "Inscrivez-vous à la newsletter de {N} :",
        follow: "Suivez-nous sur",
        read_more: "À lire aussi :",
        subscribe: "S'abonner",
        num_words: [
            "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
            "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit",
            "dix-neuf", "vingt",
        ],
        thousand: "mille",
    },
];

struct Agency {
    outlet: &'static str,
    short: &'static str,
    lang: usize,
    domain: &'static str,
    weight: f64,
    cities: &'static [&'static str],
}

static AGENCIES: [Agency; 5] = [
    Agency {
        outlet: "Reuters",
        short: "Reuters",
        lang: EN,
        domain: "www.reuters.com",
        weight: 0.28,
        cities: &[
            "LONDON",
            "WASHINGTON",
            "NEW YORK",
            "BRUSSELS",
            "SINGAPORE",
            "TOKYO",
            "FRANKFURT",
            "NAIROBI",
        ],
    },
    Agency {
        outlet: "Associated Press",
        short: "AP",
        lang: EN,
        domain: "apnews.com",
        weight: 0.24,
        cities: &[
            "WASHINGTON",
            "NEW YORK",
            "CHICAGO",
            "LOS ANGELES",
            "ATLANTA",
            "HOUSTON",
            "DENVER",
        ],
    },
    Agency {
        outlet: "AFP",
        short: "AFP",
        lang: FR,
        domain: "www.afp.com",
        weight: 0.18,
        cities: &[
            "Paris",
            "Bruxelles",
            "Genève",
            "Lyon",
            "Marseille",
            "Dakar",
            "Beyrouth",
            "Montréal",
        ],
    },
    Agency {
        outlet: "EFE",
        short: "EFE",
        lang: ES,
        domain: "www.efe.com",
        weight: 0.16,
        cities: &[
            "MADRID",
            "BARCELONA",
            "MÉXICO",
            "BOGOTÁ",
            "BUENOS AIRES",
            "LIMA",
            "SANTIAGO",
        ],
    },
    Agency {
        outlet: "dpa",
        short: "dpa",
        lang: DE,
        domain: "www.dpa.com",
        weight: 0.14,
        cities: &[
            "Berlin",
            "Hamburg",
            "München",
            "Frankfurt/Main",
            "Wien",
            "Köln",
        ],
    },
];

const ES_MONTHS: [&str; 12] = [
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
];
const OUTLET_LANG_WEIGHTS: [f64; 4] = [0.42, 0.22, 0.18, 0.18];

// ---------------------------------------------------------------------------------------------
// Vocabulary with a Zipf alias sampler

const VOCAB_SIZE: usize = 30_000;

struct Vocab {
    lang: usize,
    /// All words concatenated; word i is `text[offs[i]..offs[i + 1]]`.
    text: String,
    offs: Vec<u32>,
    /// Alias table over the first `VOCAB_SIZE` words (Zipf, s = 1).
    prob: Vec<u32>,
    alias: Vec<u32>,
    phrases: Vec<Vec<u32>>,
    said: Vec<u32>,
}

impl Vocab {
    fn build(lang: usize) -> Vocab {
        let spec = &LANGS[lang];
        let mut rng = Rng::derive(VOCAB_SEED, TAG_VOCAB, lang as u64);
        let mut words: Vec<String> = spec.function.iter().map(|w| w.to_string()).collect();
        let mut seen: HashSet<String> = words.iter().cloned().collect();
        for p in spec.phrases.iter().chain(std::iter::once(&spec.said)) {
            seen.extend(p.split(' ').map(str::to_string));
        }
        let mut synth: Vec<(u32, String)> = Vec::with_capacity(VOCAB_SIZE);
        while words.len() + synth.len() < VOCAB_SIZE {
            let r = rng.below(100);
            let syl = if r < 15 {
                1
            } else if r < 55 {
                2
            } else if r < 85 {
                3
            } else {
                4
            };
            let mut w = String::new();
            for s in 0..syl {
                if s > 0 || !rng.chance(0.1) {
                    w.push_str(rng.pick(spec.onsets));
                }
                w.push_str(rng.pick(spec.nuclei));
                if rng.chance(if s + 1 == syl { 0.6 } else { 0.25 }) {
                    w.push_str(rng.pick(spec.codas));
                }
            }
            let chars = w.chars().count() as u32;
            if chars < 2 {
                continue;
            }
            if spec.noun_caps && chars >= 5 && rng.chance(0.35) {
                let mut c = String::with_capacity(w.len() + 1);
                push_cap(&mut c, &w);
                w = c;
            }
            if seen.insert(w.clone()) {
                let key = chars * 4 + rng.below(8) as u32;
                synth.push((key, w));
            }
        }
        synth.sort_by_key(|(k, _)| *k); // stable: ties keep generation order
        words.extend(synth.into_iter().map(|(_, w)| w));
        let mut index: HashMap<String, u32> = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), i as u32))
            .collect();
        let mut lookup = |w: &str, words: &mut Vec<String>| -> u32 {
            *index.entry(w.to_string()).or_insert_with(|| {
                words.push(w.to_string());
                (words.len() - 1) as u32
            })
        };
        let mut phrases = Vec::new();
        for p in spec.phrases {
            phrases.push(p.split(' ').map(|w| lookup(w, &mut words)).collect());
        }
        let said = spec
            .said
            .split(' ')
            .map(|w| lookup(w, &mut words))
            .collect();
        let mut text = String::new();
        let mut offs = vec![0u32];
        for w in &words {
            text.push_str(w);
            offs.push(text.len() as u32);
        }
        let (prob, alias) = zipf_alias(VOCAB_SIZE);
        Vocab {
            lang,
            text,
            offs,
            prob,
            alias,
            phrases,
            said,
        }
    }

    #[inline]
    fn word(&self, i: u32) -> &str {
        &self.text[self.offs[i as usize] as usize..self.offs[i as usize + 1] as usize]
    }

    /// A Zipf-distributed word index, O(1).
    #[inline]
    fn sample(&self, rng: &mut Rng) -> u32 {
        let x = rng.next();
        let i = (((x >> 32) * self.prob.len() as u64) >> 32) as usize;
        if (x as u32) < self.prob[i] {
            i as u32
        } else {
            self.alias[i]
        }
    }

    /// A uniformly drawn less common word (for names, places, chrome).
    fn rare(&self, rng: &mut Rng) -> u32 {
        300 + rng.below((VOCAB_SIZE - 300) as u64) as u32
    }
}

/// Alias table for p(i) ∝ 1/(i+1) (Zipf, s = 1; no `powf`, so identical on every platform).
fn zipf_alias(n: usize) -> (Vec<u32>, Vec<u32>) {
    let w: Vec<f64> = (0..n).map(|i| 1.0 / (i + 1) as f64).collect();
    alias_table(&w)
}

fn push_cap(out: &mut String, w: &str) {
    let mut cs = w.chars();
    if let Some(c) = cs.next() {
        if c.is_ascii() {
            out.push(c.to_ascii_uppercase());
        } else {
            out.extend(c.to_uppercase());
        }
        out.push_str(cs.as_str());
    }
}

/// ASCII slug of `s` (lowercase letters and digits, accents folded, other characters dropped).
fn push_slug(out: &mut String, s: &str) {
    for c in s.chars() {
        let f = match c {
            'a'..='z' | '0'..='9' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            'á' | 'à' | 'â' | 'Á' => 'a',
            'é' | 'è' | 'ê' | 'É' => 'e',
            'í' | 'Í' => 'i',
            'ó' | 'Ó' | 'ô' => 'o',
            'ú' | 'Ú' => 'u',
            'ñ' | 'Ñ' => 'n',
            'ä' | 'Ä' => {
                out.push('a');
                'e'
            }
            'ö' | 'Ö' => {
                out.push('o');
                'e'
            }
            'ü' | 'Ü' => {
                out.push('u');
                'e'
            }
            'ß' => {
                out.push('s');
                's'
            }
            _ => continue,
        };
        out.push(f);
    }
}

// ---------------------------------------------------------------------------------------------
// Documents as tokens: what is built, copied, edited, and finally rendered

/// Token layout: bits 0..22 word index (or number: format in bits 20..22, value below), flags above.
const VAL_MASK: u32 = (1 << 22) - 1;
const T_NUM: u32 = 1 << 22;
const T_COMMA: u32 = 1 << 23;
const T_COLON: u32 = 1 << 24;
const T_OQ: u32 = 1 << 25;
const T_CQ: u32 = 1 << 26;
const T_CAP: u32 = 1 << 27;
/// A number a desk spelled out: 0–20 in words, a thousands figure as "12 thousand".
const T_WORDNUM: u32 = 1 << 28;
const T_FLAGS: u32 = T_COMMA | T_COLON | T_OQ | T_CQ | T_CAP;
/// `src` of a word not copied from a wire story.
const NONE: u32 = u32::MAX;
/// `src` bit of words copied from the second story of a splice.
const SLOT_B: u32 = 1 << 31;

#[derive(Clone, Copy)]
struct Sent {
    start: u32,
    end: u32,
    punct: u8,
}

#[derive(Clone, Copy)]
enum Para {
    /// Sentences `s0..s1`.
    Text {
        s0: u32,
        s1: u32,
    },
    Header,
    Footer,
    /// Credit line: template, agency, optional second agency (`u8::MAX` = none).
    Credit {
        tmpl: u8,
        a: u8,
        b: u8,
    },
}

#[derive(Clone, Copy)]
struct Dateline {
    para: u32,
    agency: u8,
    city: u8,
    ts: u32,
    /// 0: the agency's (`LONDON (Reuters) - `); desk rewrites: 1 the city and the outlet's name
    /// (`LONDON (The Xyz Herald) — `), 2 the city alone (`LONDON — `).
    style: u8,
}

#[derive(Default)]
struct Doc {
    words: Vec<u32>,
    /// Per word: wire word position it was copied from (with `SLOT_B`), or `NONE`.
    src: Vec<u32>,
    sents: Vec<Sent>,
    paras: Vec<Para>,
    dateline: Option<Dateline>,
    /// Desk rewrites: wire word spans of the sentences rewritten into this text, sorted, merged.
    derived: Vec<(u32, u32)>,
}

impl Doc {
    fn clear(&mut self) {
        self.words.clear();
        self.src.clear();
        self.sents.clear();
        self.paras.clear();
        self.dateline = None;
        self.derived.clear();
    }
    #[inline]
    fn push(&mut self, tok: u32, src: u32) {
        self.words.push(tok);
        self.src.push(src);
    }
    fn sent_range(&self, pi: usize) -> (u32, u32) {
        match self.paras[pi] {
            Para::Text { s0, s1 } => (s0, s1),
            _ => (0, 0),
        }
    }
    fn para_words(&self, pi: usize) -> u32 {
        let (s0, s1) = self.sent_range(pi);
        if s0 == s1 {
            return 0;
        }
        self.sents[s1 as usize - 1].end - self.sents[s0 as usize].start
    }
    fn close_sent(&mut self, start: usize, punct: u8) {
        if self.words.len() > start {
            self.sents.push(Sent {
                start: start as u32,
                end: self.words.len() as u32,
                punct,
            });
        }
    }
    fn close_para(&mut self, s0: usize) {
        if self.sents.len() > s0 {
            self.paras.push(Para::Text {
                s0: s0 as u32,
                s1: self.sents.len() as u32,
            });
        }
    }
    /// Copy wire paragraph `pi` of `w` verbatim.
    fn copy_para(&mut self, w: &Doc, pi: usize, slot: u32) {
        let p0 = self.sents.len();
        let (s0, s1) = w.sent_range(pi);
        for s in &w.sents[s0 as usize..s1 as usize] {
            let start = self.words.len();
            for i in s.start..s.end {
                self.push(w.words[i as usize], i | slot);
            }
            self.close_sent(start, s.punct);
        }
        self.close_para(p0);
    }

    /// Runs of consecutive wire positions of `slot` that are contiguous in this text, sorted.
    fn runs(&self, slot: u32, out: &mut Vec<(u32, u32)>) {
        out.clear();
        let mut open = false;
        for &s in &self.src {
            if s != NONE && (s & SLOT_B) == slot {
                let p = s & !SLOT_B;
                match out.last_mut() {
                    Some(last) if open && last.1 == p => last.1 = p + 1,
                    _ => out.push((p, p + 1)),
                }
                open = true;
            } else {
                open = false;
            }
        }
        out.sort_unstable();
    }
}

fn number_token(bits: u64) -> u32 {
    let fmt = (bits & 3) as u32;
    let r = bits >> 2;
    let val = match fmt {
        0 => 1 + r % 99,
        1 => 2000 + r % 26,
        2 => 1000 + r % 999_000,
        _ => 1 + r % 999,
    } as u32;
    T_NUM | (fmt << 20) | val
}

/// One own-text sentence of `len` words.
fn gen_sentence(rng: &mut Rng, v: &Vocab, doc: &mut Doc, len: u32) {
    let start = doc.words.len();
    let phrase = if len >= 6 && rng.below(100) < 15 {
        Some((
            rng.below(v.phrases.len() as u64) as usize,
            rng.below(u64::from(len) - 3) as u32,
        ))
    } else {
        None
    };
    let mut k = 0;
    while k < len {
        if let Some((pi, at)) = phrase {
            if k == at {
                for &w in &v.phrases[pi] {
                    if k < len {
                        doc.push(w, NONE);
                        k += 1;
                    }
                }
                continue;
            }
        }
        let r = rng.next();
        let tok = if (r & 0xFFFF) < 1311 {
            number_token(r >> 32)
        } else {
            v.sample(rng)
        };
        let comma = k + 1 < len && ((r >> 16) & 0xFFFF) < 3932;
        doc.push(tok | if comma { T_COMMA } else { 0 }, NONE);
        k += 1;
    }
    let punct = if rng.below(100) < 4 { b'?' } else { b'.' };
    doc.close_sent(start, punct);
}

/// Own-text paragraphs of exactly `target` words in total.
fn gen_paras(rng: &mut Rng, v: &Vocab, doc: &mut Doc, target: u32) {
    let mut n = 0;
    while n < target {
        let p0 = doc.sents.len();
        let ns = rng.range(2, 5);
        for _ in 0..ns {
            if n >= target {
                break;
            }
            let mut len = 8 + rng.below(12) as u32 + rng.below(12) as u32;
            let rest = target - n;
            if rest <= 30 {
                if len >= rest || rest - len < 8 {
                    len = rest;
                }
            } else if rest - len < 8 {
                len = rest - 8;
            }
            gen_sentence(rng, v, doc, len);
            n += len;
        }
        doc.close_para(p0);
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering

fn push_number(out: &mut String, spec: &LangSpec, tok: u32, cap: bool) {
    let fmt = (tok >> 20) & 3;
    let val = tok & ((1 << 20) - 1);
    if tok & T_WORDNUM != 0 {
        if fmt == 0 && val <= 20 {
            let w = spec.num_words[val as usize];
            if cap {
                push_cap(out, w);
            } else {
                out.push_str(w);
            }
        } else {
            let _ = write!(out, "{} {}", (val + 500) / 1000, spec.thousand);
        }
        return;
    }
    let _ = match fmt {
        0 | 1 => write!(out, "{val}"),
        2 => write!(out, "{}{}{:03}", val / 1000, spec.thousands, val % 1000),
        _ => write!(out, "{}{}{}", val / 10, spec.decimal, val % 10),
    };
}

fn push_date(out: &mut String, ts: u32) {
    let (y, m, d) = civil(ts);
    let s = ts % 86_400;
    let _ = write!(
        out,
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    );
}

/// (year, month, day) of `ts` seconds after 2024-01-01T00:00:00Z (Hinnant's civil_from_days).
fn civil(ts: u32) -> (i64, u32, u32) {
    let z = 19_723 + i64::from(ts / 86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn push_dateline(out: &mut String, dl: &Dateline, outlet: Option<&Outlet>) {
    let ag = &AGENCIES[dl.agency as usize];
    let city = ag.cities[dl.city as usize];
    if dl.style != 0 {
        let _ = match outlet {
            Some(o) if dl.style == 1 => write!(out, "{} ({}) — ", city.to_uppercase(), o.name),
            _ => write!(out, "{} — ", city.to_uppercase()),
        };
        return;
    }
    let _ = match ag.short {
        "AP" => write!(out, "{city} (AP) — "),
        "EFE" => {
            let (_, m, d) = civil(dl.ts);
            write!(out, "{city}, {d} {} (EFE).- ", ES_MONTHS[m as usize - 1])
        }
        s => write!(out, "{city} ({s}) - "),
    };
}

fn render(doc: &Doc, v: &Vocab, outlet: Option<&Outlet>, out: &mut String) {
    let spec = &LANGS[v.lang];
    for (pi, para) in doc.paras.iter().enumerate() {
        if pi > 0 {
            out.push_str("\n\n");
        }
        match *para {
            Para::Text { s0, s1 } => {
                if let Some(dl) = doc.dateline.filter(|d| d.para as usize == pi) {
                    push_dateline(out, &dl, outlet);
                }
                for (k, s) in doc.sents[s0 as usize..s1 as usize].iter().enumerate() {
                    if k > 0 {
                        out.push(' ');
                    }
                    render_sentence(doc, v, spec, s, out);
                }
            }
            Para::Header => out.push_str(outlet.and_then(|o| o.header.as_deref()).unwrap_or("")),
            Para::Footer => out.push_str(outlet.map_or("", |o| o.footer.as_str())),
            Para::Credit { tmpl, a, b } => {
                let t = spec.credits[tmpl as usize];
                let (pre, post) = t.split_once("{A}").unwrap_or((t, ""));
                out.push_str(pre);
                out.push_str(AGENCIES[a as usize].short);
                if b != u8::MAX {
                    out.push(' ');
                    out.push_str(spec.and);
                    out.push(' ');
                    out.push_str(AGENCIES[b as usize].short);
                }
                out.push_str(post);
            }
        }
    }
}

#[inline]
fn render_sentence(doc: &Doc, v: &Vocab, spec: &LangSpec, s: &Sent, out: &mut String) {
    let (a, b) = (s.start as usize, s.end as usize);
    for (k, &tok) in doc.words[a..b].iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        if tok & T_OQ != 0 {
            out.push('"');
        }
        if tok & T_NUM != 0 {
            push_number(out, spec, tok, k == 0);
        } else {
            let w = v.word(tok & VAL_MASK);
            if k == 0 || tok & T_CAP != 0 {
                push_cap(out, w);
            } else {
                out.push_str(w);
            }
        }
        if a + k + 1 == b {
            out.push(s.punct as char);
            if tok & T_CQ != 0 {
                out.push('"');
            }
        } else {
            if tok & T_CQ != 0 {
                out.push('"');
            }
            if tok & T_COMMA != 0 {
                out.push(',');
            } else if tok & T_COLON != 0 {
                out.push(':');
            }
        }
    }
}

/// 6–12 Zipf words, first capitalised.
fn gen_title(rng: &mut Rng, v: &Vocab, out: &mut String) {
    let n = rng.range(6, 12);
    for k in 0..n {
        let w = v.word(v.sample(rng));
        if k == 0 {
            push_cap(out, w);
        } else {
            out.push(' ');
            out.push_str(w);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Outlets

struct Outlet {
    name: String,
    domain: String,
    lang: usize,
    header: Option<String>,
    footer: String,
    chrome_p: f64,
    reuse_mult: f64,
    credit_p: f64,
}

fn push_words(rng: &mut Rng, v: &Vocab, out: &mut String, n: u32, cap_first: bool) {
    for k in 0..n {
        if k > 0 {
            out.push(' ');
        }
        let w = v.word(v.rare(rng));
        if k == 0 && cap_first {
            push_cap(out, w);
        } else {
            out.push_str(w);
        }
    }
}

fn build_footer(rng: &mut Rng, v: &Vocab, name: &str) -> String {
    let spec = &LANGS[v.lang];
    loop {
        let mut s = String::new();
        match rng.below(3) {
            0 => {
                s.push_str(spec.see_also);
                for _ in 0..rng.range(1, 2) {
                    s.push(' ');
                    let n = rng.range(4, 8);
                    push_words(rng, v, &mut s, n, true);
                    s.push('.');
                }
                s.push(' ');
                s.push_str(spec.reply);
            }
            1 => {
                s.push_str(&spec.newsletter.replace("{N}", name));
                s.push(' ');
                let n = rng.range(8, 14);
                push_words(rng, v, &mut s, n, false);
                s.push_str(". ");
                s.push_str(spec.follow);
                s.push(' ');
                push_words(rng, v, &mut s, 1, true);
                s.push_str(", ");
                push_words(rng, v, &mut s, 1, true);
                s.push(' ');
                s.push_str(spec.and);
                s.push(' ');
                push_words(rng, v, &mut s, 1, true);
                s.push('.');
            }
            _ => {
                s.push_str(spec.read_more);
                for k in 0..rng.range(3, 4) {
                    s.push_str(if k == 0 { " " } else { " | " });
                    let n = rng.range(4, 8);
                    push_words(rng, v, &mut s, n, true);
                }
            }
        }
        if (15..=40).contains(&s.split_whitespace().count()) {
            return s;
        }
    }
}

fn build_outlets(cfg: &Config, vocabs: &[Vocab]) -> Vec<Outlet> {
    let mut rng = Rng::derive(cfg.seed, TAG_OUTLET, 0);
    let mut used = HashSet::new();
    let mut outlets = Vec::with_capacity(cfg.outlets as usize);
    for o in 0..cfg.outlets as usize {
        let lang = if o < 4 {
            o
        } else {
            pick_weighted(&mut rng, &OUTLET_LANG_WEIGHTS)
        };
        let v = &vocabs[lang];
        let spec = &LANGS[lang];
        let name = loop {
            let mut place = String::new();
            push_cap(&mut place, v.word(v.rare(&mut rng)));
            let name = rng.pick(spec.outlet_names).replace("{P}", &place);
            if used.insert(name.clone()) {
                break name;
            }
        };
        let mut domain = String::from("www.");
        push_slug(&mut domain, &name);
        domain.push('.');
        domain.push_str(spec.tld);
        let header = rng.chance(0.35).then(|| {
            let mut h = format!("{name} |");
            for _ in 0..rng.range(4, 6) {
                h.push(' ');
                push_words(&mut rng, v, &mut h, 1, true);
                h.push_str(" ·");
            }
            h.push(' ');
            h.push_str(spec.subscribe);
            h
        });
        let footer = build_footer(&mut rng, v, &name);
        outlets.push(Outlet {
            name,
            domain,
            lang,
            header,
            footer,
            chrome_p: 0.75 + 0.23 * rng.unit(),
            reuse_mult: 0.3 + 1.4 * rng.unit(),
            credit_p: 0.2 + 0.6 * rng.unit(),
        });
    }
    outlets
}

fn pick_weighted(rng: &mut Rng, w: &[f64]) -> usize {
    let total: f64 = w.iter().sum();
    let mut u = rng.unit() * total;
    for (i, &x) in w.iter().enumerate() {
        if u < x {
            return i;
        }
        u -= x;
    }
    w.len() - 1
}

// ---------------------------------------------------------------------------------------------
// The plan: every article's kind, source, story and time, before any text

/// Article kinds. The order of the carrier kinds is the truth's strength order (weaker = larger).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Kind {
    Wire,
    Verbatim,
    Edited,
    Truncated,
    Partial,
    Splice,
    Spun,
    Rewrite,
    Own,
    Quote,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Wire => "wire",
            Kind::Verbatim => "verbatim",
            Kind::Edited => "edited",
            Kind::Truncated => "truncated",
            Kind::Partial => "partial",
            Kind::Splice => "splice",
            Kind::Spun => "spun",
            Kind::Rewrite => "rewrite",
            Kind::Own => "own",
            Kind::Quote => "quote",
        }
    }
    fn carries_wire(self) -> bool {
        self <= Kind::Rewrite
    }
}

/// Mix of reuse kinds (sums to 1), scaled by `--reuse` and the outlet's appetite.
const REUSE_MIX: [(Kind, f64); 6] = [
    (Kind::Verbatim, 0.225),
    (Kind::Edited, 0.200),
    (Kind::Truncated, 0.150),
    (Kind::Partial, 0.175),
    (Kind::Splice, 0.125),
    (Kind::Spun, 0.125),
];
/// Desk rewrites, as a share of outlet articles relative to `--reuse` × appetite (0.10 × 0.40 =
/// 4 % at the defaults), taken from articles that would otherwise be own text.
const DESK_SHARE: f64 = 0.10;
/// A pair involving a desk rewrite is in the truth when the two articles carry at least this many
/// words of the same wire sentences (rewritten or not), even with no verbatim 5-word run left.
const DESK_MIN_OVERLAP: u32 = 20;
const QUOTE_SHARE: f64 = 0.06;
const MAX_LAG: f64 = 3.0 * 86_400.0;
const MIN_RUN: u32 = 5;

#[derive(Clone, Copy)]
struct Item {
    ts: u32,
    kind: Kind,
    /// Agency index for `Wire`, outlet index otherwise.
    src: u32,
    story: u32,
    story_b: u32,
    event: u32,
}

struct Story {
    agency: u8,
    ts: u32,
    /// Articles carrying it (the wire article included).
    carriers: u32,
}

struct Event {
    ts: u32,
    slots: u32,
    last_outlet: u32,
}

struct World {
    cfg: Config,
    vocabs: Vec<Vocab>,
    outlets: Vec<Outlet>,
    stories: Vec<Story>,
    events: Vec<Event>,
    items: Vec<Item>,
}

impl World {
    fn new(cfg: Config) -> World {
        let vocabs: Vec<Vocab> = (0..4).map(Vocab::build).collect();
        let outlets = build_outlets(&cfg, &vocabs);
        let mut w = World {
            cfg,
            vocabs,
            outlets,
            stories: Vec::new(),
            events: Vec::new(),
            items: Vec::new(),
        };
        w.plan();
        w
    }

    fn plan(&mut self) {
        let cfg = &self.cfg;
        let mut rng = Rng::derive(cfg.seed, TAG_PLAN, 0);
        let n = cfg.articles as usize;
        let n_wire = ((n as f64 * cfg.wire_share).round() as usize).min(n);
        let agency_w: Vec<f64> = AGENCIES.iter().map(|a| a.weight).collect();
        let mut items = Vec::with_capacity(n);
        for s in 0..n_wire {
            let agency = pick_weighted(&mut rng, &agency_w);
            let ts = rng.below(u64::from(cfg.span_secs)) as u32;
            self.stories.push(Story {
                agency: agency as u8,
                ts,
                carriers: 1,
            });
            items.push(Item {
                ts,
                kind: Kind::Wire,
                src: agency as u32,
                story: s as u32,
                story_b: NONE,
                event: NONE,
            });
        }
        // Per language: stories sorted by time, and a shuffled order of positions for popularity.
        let mut by_lang: Vec<Vec<u32>> = vec![Vec::new(); 4];
        for (s, st) in self.stories.iter().enumerate() {
            by_lang[AGENCIES[st.agency as usize].lang].push(s as u32);
        }
        let mut popular: Vec<Vec<u32>> = Vec::with_capacity(4);
        for list in &mut by_lang {
            list.sort_by_key(|&s| (self.stories[s as usize].ts, s));
            let mut perm: Vec<u32> = (0..list.len() as u32).collect();
            for i in (1..perm.len()).rev() {
                perm.swap(i, rng.below(i as u64 + 1) as usize);
            }
            popular.push(perm);
        }
        let sizes: Vec<f64> = (0..self.outlets.len())
            .map(|r| 1.0 / (r + 10) as f64)
            .collect();
        let (size_prob, size_alias) = alias_table(&sizes);
        // Normalise the size-weighted mean appetite to 1, so `--reuse` holds for every seed.
        let total: f64 = sizes.iter().sum();
        let mean: f64 = (self.outlets.iter())
            .zip(&sizes)
            .map(|(o, s)| o.reuse_mult * s)
            .sum::<f64>()
            / total;
        for o in &mut self.outlets {
            o.reuse_mult /= mean;
        }
        let mut open_event: [Option<u32>; 4] = [None; 4];
        for i in n_wire..n {
            let o = {
                let x = rng.next();
                let i = (((x >> 32) * size_prob.len() as u64) >> 32) as usize;
                if (x as u32) < size_prob[i] {
                    i
                } else {
                    size_alias[i] as usize
                }
            };
            let outlet = &self.outlets[o];
            let lang = outlet.lang;
            let mut kind = Kind::Own;
            let mut u = rng.unit();
            let scale = (cfg.reuse * outlet.reuse_mult).min(0.9);
            for &(k, p) in &REUSE_MIX {
                if u < p * scale {
                    kind = k;
                    break;
                }
                u -= p * scale;
            }
            if kind == Kind::Own && u < QUOTE_SHARE {
                kind = Kind::Quote;
            }
            let list = &by_lang[lang];
            if kind.carries_wire() && list.is_empty() {
                kind = Kind::Own;
            }
            let mut item = Item {
                ts: 0,
                kind,
                src: o as u32,
                story: NONE,
                story_b: NONE,
                event: NONE,
            };
            match kind {
                Kind::Own => {
                    item.ts = rng.below(u64::from(cfg.span_secs)) as u32;
                    // Desk rewrites come out of own articles through their own stream, so the plan
                    // stream, every timestamp and every other article stay as they were.
                    let own_p = 1.0 - scale - QUOTE_SHARE;
                    let mut desk = Rng::derive(cfg.seed, TAG_DESK, i as u64);
                    if own_p > 0.0 && desk.chance(DESK_SHARE * scale / own_p) {
                        // A story of the language published 2 min to 3 days before, skewed recent.
                        let hi =
                            list.partition_point(|&s| self.stories[s as usize].ts + 120 <= item.ts);
                        let lo = list.partition_point(|&s| {
                            f64::from(self.stories[s as usize].ts) + MAX_LAG < f64::from(item.ts)
                        });
                        if hi > lo {
                            let u = desk.unit();
                            let back = (u * u * u * (hi - lo) as f64) as usize;
                            let story = list[hi - 1 - back.min(hi - lo - 1)];
                            item.kind = Kind::Rewrite;
                            item.story = story;
                            self.stories[story as usize].carriers += 1;
                        }
                    }
                }
                Kind::Quote => {
                    let ev = match open_event[lang] {
                        Some(e)
                            if self.events[e as usize].slots > 0
                                && self.events[e as usize].last_outlet != o as u32 =>
                        {
                            e
                        }
                        _ => {
                            self.events.push(Event {
                                ts: rng.below(u64::from(cfg.span_secs)) as u32,
                                slots: rng.range(2, 4),
                                last_outlet: NONE,
                            });
                            let e = (self.events.len() - 1) as u32;
                            open_event[lang] = Some(e);
                            e
                        }
                    };
                    let e = &mut self.events[ev as usize];
                    e.slots -= 1;
                    e.last_outlet = o as u32;
                    item.event = ev;
                    item.ts = e.ts + (rng.unit() * 18.0 * 3600.0) as u32;
                }
                _ => {
                    let len = list.len();
                    let pos = if rng.chance(0.6) {
                        rng.below(len as u64) as usize
                    } else {
                        let u = rng.unit();
                        popular[lang][((u * u * len as f64) as usize).min(len - 1)] as usize
                    };
                    let story = list[pos];
                    item.story = story;
                    let mut ts = self.stories[story as usize].ts;
                    if kind == Kind::Splice && len > 1 && rng.chance(0.35) {
                        let off = rng.range(1, 20) as usize;
                        let pb = if (rng.chance(0.5) && pos >= off) || pos + off >= len {
                            pos.saturating_sub(off)
                        } else {
                            pos + off
                        };
                        if pb != pos {
                            item.story_b = list[pb];
                            ts = ts.max(self.stories[list[pb] as usize].ts);
                            self.stories[list[pb] as usize].carriers += 1;
                        }
                    }
                    self.stories[story as usize].carriers += 1;
                    let u = rng.unit();
                    item.ts = ts + 120 + (u * u * u * MAX_LAG) as u32;
                }
            }
            items.push(item);
        }
        self.items = items;
    }

    fn body_len(&self, rng: &mut Rng) -> u32 {
        let u = rng.unit();
        let span = f64::from(self.cfg.words_max - self.cfg.words_min);
        self.cfg.words_min + (span * (1.0 - u * u * u)) as u32
    }

    fn story_vocab(&self, sid: u32) -> &Vocab {
        &self.vocabs[AGENCIES[self.stories[sid as usize].agency as usize].lang]
    }

    fn story_doc(&self, sid: u32, doc: &mut Doc) {
        doc.clear();
        let mut rng = Rng::derive(self.cfg.seed, TAG_STORY, u64::from(sid));
        let target = self.body_len(&mut rng);
        gen_paras(&mut rng, self.story_vocab(sid), doc, target);
    }

    fn story_title(&self, sid: u32, out: &mut String) {
        let mut rng = Rng::derive(self.cfg.seed, TAG_TITLE, u64::from(sid));
        gen_title(&mut rng, self.story_vocab(sid), out);
    }

    fn story_dateline(&self, sid: u32, para: usize) -> Dateline {
        let st = &self.stories[sid as usize];
        let cities = AGENCIES[st.agency as usize].cities;
        let mut rng = Rng::derive(self.cfg.seed, TAG_CITY, u64::from(sid));
        Dateline {
            para: para as u32,
            agency: st.agency,
            city: rng.below(cities.len() as u64) as u8,
            ts: st.ts,
            style: 0,
        }
    }

    /// Build article `pi` of the plan into `b.doc` and `b.title`.
    fn build(&self, pi: usize, b: &mut Bufs) {
        let it = self.items[pi];
        let mut rng = Rng::derive(self.cfg.seed, TAG_ARTICLE, pi as u64);
        let Bufs {
            doc, wa, wb, title, ..
        } = b;
        doc.clear();
        title.clear();
        if it.kind == Kind::Wire {
            self.story_doc(it.story, wa);
            for p in 0..wa.paras.len() {
                doc.copy_para(wa, p, 0);
            }
            doc.dateline = Some(self.story_dateline(it.story, 0));
            self.story_title(it.story, title);
            return;
        }
        let o = &self.outlets[it.src as usize];
        let v = &self.vocabs[o.lang];
        let chrome = rng.chance(o.chrome_p);
        if chrome && o.header.is_some() {
            doc.paras.push(Para::Header);
        }
        let first = doc.paras.len();
        if it.kind.carries_wire() {
            self.story_doc(it.story, wa);
            if it.story_b != NONE {
                self.story_doc(it.story_b, wb);
            }
        }
        let np = wa.paras.len();
        let mut keep_dateline = 0.0;
        match it.kind {
            Kind::Verbatim => {
                for p in 0..np {
                    doc.copy_para(wa, p, 0);
                }
                keep_dateline = 0.75;
            }
            Kind::Edited => {
                if rng.chance(0.25) {
                    let t = rng.range(25, 60);
                    gen_paras(&mut rng, v, doc, t);
                }
                let first_wire = doc.paras.len();
                copy_edited(&mut rng, v, doc, wa);
                if doc.paras.len() > first_wire && first_wire == first {
                    keep_dateline = 0.6;
                }
            }
            Kind::Truncated => {
                let k = ((np as f64 * (0.3 + 0.4 * rng.unit())).round() as usize)
                    .max(2)
                    .min(np.saturating_sub(1).max(1));
                for p in 0..k {
                    doc.copy_para(wa, p, 0);
                }
                keep_dateline = 0.6;
            }
            Kind::Partial => {
                let m = (rng.range(3, 5) as usize).min(np);
                let start = rng.below((np - m + 1) as u64) as usize;
                let wire_words: u32 = (start..start + m).map(|p| wa.para_words(p)).sum();
                let own = self
                    .body_len(&mut rng)
                    .saturating_sub(wire_words)
                    .max(self.cfg.words_min / 2);
                let before = (f64::from(own) * (0.2 + 0.4 * rng.unit())) as u32;
                gen_paras(&mut rng, v, doc, before);
                let split = if m >= 4 && rng.chance(0.4) { m / 2 } else { m };
                for p in start..start + m {
                    if p == start + split {
                        let t = rng.range(30, 80);
                        gen_paras(&mut rng, v, doc, t);
                    }
                    doc.copy_para(wa, p, 0);
                }
                gen_paras(&mut rng, v, doc, own - before);
            }
            Kind::Splice => {
                let total = (f64::from(self.cfg.words_max) * (0.85 + 0.4 * rng.unit())) as u32;
                let mut pieces: Vec<(u32, usize)> = Vec::with_capacity(4);
                pick_paras(&mut rng, np, 0, &mut pieces);
                if it.story_b != NONE {
                    pick_paras(&mut rng, wb.paras.len(), SLOT_B, &mut pieces);
                }
                let wire_words: u32 = pieces
                    .iter()
                    .map(|&(s, p)| {
                        if s == 0 {
                            wa.para_words(p)
                        } else {
                            wb.para_words(p)
                        }
                    })
                    .sum();
                let own = total.saturating_sub(wire_words).max(200);
                let chunk = own / (pieces.len() as u32 + 1);
                let mut used = 0;
                for &(slot, p) in &pieces {
                    let t = (chunk / 2 + rng.below(u64::from(chunk)) as u32).min(own - used);
                    gen_paras(&mut rng, v, doc, t);
                    used += t;
                    doc.copy_para(if slot == 0 { &*wa } else { &*wb }, p, slot);
                }
                gen_paras(&mut rng, v, doc, own - used);
            }
            Kind::Spun => copy_spun(&mut rng, v, doc, wa),
            Kind::Rewrite => {
                copy_desk(&mut rng, v, doc, wa);
                if doc.paras.len() > first && rng.chance(0.85) {
                    let mut dl = self.story_dateline(it.story, first);
                    dl.style = if rng.chance(0.6) { 1 } else { 2 };
                    doc.dateline = Some(dl);
                }
            }
            Kind::Quote => {
                let own = self.body_len(&mut rng);
                let before = (f64::from(own) * (0.1 + 0.3 * rng.unit())) as u32;
                gen_paras(&mut rng, v, doc, before);
                let p0 = doc.sents.len();
                let len = rng.range(8, 20);
                gen_sentence(&mut rng, v, doc, len);
                self.quote_sentence(&mut rng, it.event, v, doc);
                doc.close_para(p0);
                gen_paras(&mut rng, v, doc, own.saturating_sub(before + len));
            }
            _ => {
                let own = self.body_len(&mut rng);
                gen_paras(&mut rng, v, doc, own);
            }
        }
        if keep_dateline > 0.0 && rng.chance(keep_dateline) {
            doc.dateline = Some(self.story_dateline(it.story, first));
        }
        if it.kind.carries_wire() {
            let p = if it.kind == Kind::Splice || it.kind == Kind::Rewrite {
                o.credit_p * 0.6
            } else {
                o.credit_p
            };
            if rng.chance(p) {
                let a = self.stories[it.story as usize].agency;
                let b = if it.story_b == NONE {
                    u8::MAX
                } else {
                    self.stories[it.story_b as usize].agency
                };
                doc.paras.push(Para::Credit {
                    tmpl: rng.below(LANGS[o.lang].credits.len() as u64) as u8,
                    a,
                    b: if b == a { u8::MAX } else { b },
                });
            }
        }
        if chrome {
            doc.paras.push(Para::Footer);
        }
        let reuse_title =
            matches!(it.kind, Kind::Verbatim | Kind::Edited | Kind::Truncated) && rng.chance(0.6);
        if reuse_title {
            self.story_title(it.story, title);
        } else {
            gen_title(&mut rng, v, title);
        }
    }

    /// `Name Name said: "the event's 10–14-word quote."`
    fn quote_sentence(&self, rng: &mut Rng, event: u32, v: &Vocab, doc: &mut Doc) {
        let start = doc.words.len();
        doc.push(v.rare(rng) | T_CAP, NONE);
        doc.push(v.rare(rng) | T_CAP, NONE);
        for (k, &w) in v.said.iter().enumerate() {
            let colon = if k + 1 == v.said.len() { T_COLON } else { 0 };
            doc.push(w | colon, NONE);
        }
        let mut q = Rng::derive(self.cfg.seed, TAG_EVENT, u64::from(event));
        let n = q.range(10, 14);
        for k in 0..n {
            let mut tok = v.sample(&mut q);
            if k == 0 {
                tok |= T_OQ | T_CAP;
            }
            if k + 1 == n {
                tok |= T_CQ;
            }
            doc.push(tok, NONE);
        }
        doc.close_sent(start, b'.');
    }
}

/// 1–2 distinct paragraphs of a story with `np` paragraphs, in order.
fn pick_paras(rng: &mut Rng, np: usize, slot: u32, out: &mut Vec<(u32, usize)>) {
    if np == 0 {
        return;
    }
    let a = rng.below(np as u64) as usize;
    if np > 1 && rng.chance(0.5) {
        let mut b = rng.below(np as u64 - 1) as usize;
        if b >= a {
            b += 1;
        }
        out.push((slot, a.min(b)));
        out.push((slot, a.max(b)));
    } else {
        out.push((slot, a));
    }
}

/// Edited reprint: per word 0.6 % substituted, 0.4 % deleted; one sentence dropped 70 % of the time.
fn copy_edited(rng: &mut Rng, v: &Vocab, out: &mut Doc, w: &Doc) {
    let drop = if w.sents.len() > 2 && rng.chance(0.7) {
        1 + rng.below(w.sents.len() as u64 - 1) as usize
    } else {
        usize::MAX
    };
    for pi in 0..w.paras.len() {
        let p0 = out.sents.len();
        let (s0, s1) = w.sent_range(pi);
        for si in s0 as usize..s1 as usize {
            if si == drop {
                continue;
            }
            let s = w.sents[si];
            let start = out.words.len();
            for i in s.start..s.end {
                let tok = w.words[i as usize];
                let r = rng.below(1000);
                if r < 6 {
                    out.push(v.sample(rng) | (tok & T_FLAGS), NONE);
                } else if r >= 10 {
                    out.push(tok, i);
                }
            }
            out.close_sent(start, s.punct);
        }
        out.close_para(p0);
    }
}

/// Spun copy: first 60–100 % of paragraphs, neighbours swapped (30 %), sentences shuffled (70 % of
/// paragraphs), words replaced in runs of 2–6 between kept runs of 5–15, own sentences added.
fn copy_spun(rng: &mut Rng, v: &Vocab, out: &mut Doc, w: &Doc) {
    let np = w.paras.len();
    let k = ((np as f64 * (0.6 + 0.4 * rng.unit())).round() as usize).clamp(1, np.max(1));
    let mut order: Vec<usize> = (0..k.min(np)).collect();
    for i in 1..order.len() {
        if rng.chance(0.3) {
            order.swap(i - 1, i);
        }
    }
    let mut keep = rng.range(0, 15);
    let mut sub = rng.range(2, 6);
    let mut sents: Vec<usize> = Vec::with_capacity(8);
    for &pi in &order {
        let (s0, s1) = w.sent_range(pi);
        sents.clear();
        sents.extend(s0 as usize..s1 as usize);
        if rng.chance(0.7) {
            for i in (1..sents.len()).rev() {
                sents.swap(i, rng.below(i as u64 + 1) as usize);
            }
        }
        let p0 = out.sents.len();
        for &si in &sents {
            let s = w.sents[si];
            let start = out.words.len();
            for i in s.start..s.end {
                let tok = w.words[i as usize];
                if keep > 0 {
                    keep -= 1;
                    out.push(tok, i);
                    continue;
                }
                sub -= 1;
                let r = rng.below(10);
                if r > 0 {
                    out.push(v.sample(rng) | (tok & T_FLAGS), NONE);
                }
                if r == 1 {
                    out.push(v.sample(rng), NONE);
                }
                if sub == 0 {
                    keep = rng.range(5, 15);
                    sub = rng.range(2, 6);
                }
            }
            out.close_sent(start, s.punct);
        }
        if rng.chance(0.2) {
            let len = rng.range(8, 24);
            gen_sentence(rng, v, out, len);
        }
        out.close_para(p0);
    }
}

/// How hard a desk works a wire story over. Probabilities are per sentence unless noted.
struct DeskLevel {
    /// Share of this level among desk rewrites.
    weight: f64,
    /// Per content word of ranks 40–9999 (rarer words stand for names and places): swapped for
    /// its synonym.
    syn: f64,
    /// Per function word (ranks 0–37, not "said"): dropped.
    fdrop: f64,
    /// Per word: swapped with the word after it (a paraphrase's local reordering).
    jumble: f64,
    /// Per number 0–20: spelled out; per thousands figure: rounded ("12 thousand").
    spell: f64,
    round: f64,
    /// Merged with the next sentence of its paragraph (", and …").
    merge: f64,
    /// A clause dropped (sentences of 12+ words): after a comma up to the next, else the tail.
    clause: f64,
    /// The two halves swapped at a comma or the middle ("X, Y." -> "Y, X.").
    rotate: f64,
    /// Dropped (never the story's first sentence).
    drop: f64,
    /// Share of paragraphs kept, from the top: `keep.0 ..= keep.1`.
    keep: (f64, f64),
    /// Per paragraph after the second: swapped with the one before.
    swap_para: f64,
    /// Per article: a later sentence (one with the language's "said" if any) moved to the top.
    lead: f64,
    /// Per article: an own intro sentence.
    intro: f64,
}

static DESK_LEVELS: [DeskLevel; 3] = [
    // light: dateline swapped, a few synonyms, numbers spelled, a couple of merges
    DeskLevel {
        weight: 0.35,
        syn: 0.08,
        fdrop: 0.02,
        jumble: 0.0,
        spell: 0.7,
        round: 0.2,
        merge: 0.10,
        clause: 0.05,
        rotate: 0.0,
        drop: 0.03,
        keep: (0.85, 1.0),
        swap_para: 0.0,
        lead: 0.15,
        intro: 0.2,
    },
    // medium: most sentences reworded in the same order, quote to the top, own intro
    DeskLevel {
        weight: 0.40,
        syn: 0.35,
        fdrop: 0.08,
        jumble: 0.03,
        spell: 0.85,
        round: 0.4,
        merge: 0.20,
        clause: 0.15,
        rotate: 0.15,
        drop: 0.12,
        keep: (0.7, 1.0),
        swap_para: 0.2,
        lead: 0.5,
        intro: 0.5,
    },
    // heavy: condensed to about half, paraphrased, names, numbers and order kept
    DeskLevel {
        weight: 0.25,
        syn: 0.75,
        fdrop: 0.2,
        jumble: 0.08,
        spell: 0.9,
        round: 0.6,
        merge: 0.25,
        clause: 0.30,
        rotate: 0.30,
        drop: 0.40,
        keep: (0.5, 0.8),
        swap_para: 0.1,
        lead: 0.5,
        intro: 0.6,
    },
];

/// The desks' synonym table: content words of ranks 40–9999 come in pairs of neighbouring ranks,
/// i.e. of similar length and frequency.
fn synonym(w: u32) -> Option<u32> {
    (40..10_000).contains(&w).then(|| 40 + ((w - 40) ^ 1))
}

/// Desk rewrite of wire story `w` (see `DeskLevel`); records the wire spans of the sentences it
/// rewrote in `out.derived`.
fn copy_desk(rng: &mut Rng, v: &Vocab, out: &mut Doc, w: &Doc) {
    let weights: Vec<f64> = DESK_LEVELS.iter().map(|l| l.weight).collect();
    let lvl = &DESK_LEVELS[pick_weighted(rng, &weights)];
    let np = w.paras.len();
    if np == 0 {
        return;
    }
    let share = lvl.keep.0 + (lvl.keep.1 - lvl.keep.0) * rng.unit();
    let keep = ((np as f64 * share).round() as usize).clamp(1, np);
    let mut order: Vec<usize> = (0..keep).collect();
    for i in 2..order.len() {
        if rng.chance(lvl.swap_para) {
            order.swap(i - 1, i);
        }
    }
    let mut paras: Vec<Vec<usize>> = Vec::with_capacity(order.len() + 2);
    for &pi in &order {
        let (s0, s1) = w.sent_range(pi);
        let mut p = Vec::with_capacity((s1 - s0) as usize);
        for si in s0 as usize..s1 as usize {
            if si == 0 || !rng.chance(lvl.drop) {
                p.push(si);
            }
        }
        if !p.is_empty() {
            paras.push(p);
        }
    }
    if paras.len() > 1 && rng.chance(lvl.lead) {
        let said = v.said.last().copied().unwrap_or(u32::MAX);
        let has_said = |si: usize| {
            let s = w.sents[si];
            (s.start..s.end).any(|i| {
                let t = w.words[i as usize];
                t & T_NUM == 0 && t & VAL_MASK == said
            })
        };
        let cands: Vec<(usize, usize)> = (1..paras.len())
            .flat_map(|p| (0..paras[p].len()).map(move |k| (p, k)))
            .collect();
        let quoted: Vec<(usize, usize)> = (cands.iter().copied())
            .filter(|&(p, k)| has_said(paras[p][k]))
            .collect();
        let pool = if quoted.is_empty() { &cands } else { &quoted };
        if !pool.is_empty() {
            let (p, k) = pool[rng.below(pool.len() as u64) as usize];
            let si = paras[p].remove(k);
            if paras[p].is_empty() {
                paras.remove(p);
            }
            paras.insert(0, vec![si]);
        }
    }
    let intro_at = rng.chance(lvl.intro).then(|| usize::from(paras.len() > 1));
    let and = (LANGS[v.lang].function.iter())
        .position(|f| *f == LANGS[v.lang].and)
        .map_or(0, |i| i as u32);
    let mut tmp: Vec<(u32, u32)> = Vec::with_capacity(64);
    for (pk, p) in paras.iter().enumerate() {
        if intro_at == Some(pk) {
            let p0 = out.sents.len();
            let len = rng.range(10, 22);
            gen_sentence(rng, v, out, len);
            out.close_para(p0);
        }
        let p0 = out.sents.len();
        let mut j = 0;
        while j < p.len() {
            let start = out.words.len();
            desk_sentence(rng, lvl, w, p[j], &mut tmp);
            out.derived.push((w.sents[p[j]].start, w.sents[p[j]].end));
            for &(t, s) in &tmp {
                out.push(t, s);
            }
            let mut punct = w.sents[p[j]].punct;
            while j + 1 < p.len() && rng.chance(lvl.merge) {
                j += 1;
                if let Some(last) = out.words.last_mut() {
                    *last |= T_COMMA;
                }
                out.push(and, NONE);
                desk_sentence(rng, lvl, w, p[j], &mut tmp);
                out.derived.push((w.sents[p[j]].start, w.sents[p[j]].end));
                for &(t, s) in &tmp {
                    out.push(t, s);
                }
                punct = w.sents[p[j]].punct;
            }
            out.close_sent(start, punct);
            j += 1;
        }
        out.close_para(p0);
    }
    out.derived.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(out.derived.len());
    for &(a, b) in &out.derived {
        match merged.last_mut() {
            Some(l) if a <= l.1 => l.1 = l.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    out.derived = merged;
}

/// One wire sentence as a desk writes it: `(token, src)` into `out`.
fn desk_sentence(rng: &mut Rng, lvl: &DeskLevel, w: &Doc, si: usize, out: &mut Vec<(u32, u32)>) {
    out.clear();
    let s = w.sents[si];
    let (a, n) = (s.start as usize, (s.end - s.start) as usize);
    let tok = |k: usize| w.words[a + k];
    let comma_in = |lo: usize, hi: usize| (lo..hi).filter(|&k| tok(k) & T_COMMA != 0);
    // A clause dropped: [da, db) in sentence positions.
    let (mut da, mut db) = (n, n);
    if n >= 12 && rng.chance(lvl.clause) {
        let commas: Vec<usize> = comma_in(2, n - 6).collect();
        if commas.is_empty() {
            da = n - rng.range(3, 5) as usize;
        } else {
            da = commas[rng.below(commas.len() as u64) as usize] + 1;
            db = comma_in(da, n - 3)
                .next()
                .map_or((da + rng.range(3, 7) as usize).min(n - 3), |c| c + 1);
        }
    }
    let kept: Vec<usize> = (0..n).filter(|&k| k < da || k >= db).collect();
    // Halves swapped at a comma in the middle third, else at the middle.
    let m = kept.len();
    let rot = if m >= 10 && rng.chance(lvl.rotate) {
        (m / 3..2 * m / 3)
            .find(|&i| tok(kept[i]) & T_COMMA != 0)
            .map_or(m / 2, |i| i + 1)
    } else {
        0
    };
    for i in (rot..m).chain(0..rot) {
        let k = kept[i];
        let mut t = tok(k);
        let mut src = (a + k) as u32;
        if rot > 0 && i + 1 == rot {
            t &= !(T_COMMA | T_COLON);
        }
        if rot > 0 && i + 1 == m {
            t |= T_COMMA;
        }
        if t & T_NUM != 0 {
            let fmt = (t >> 20) & 3;
            let val = t & ((1 << 20) - 1);
            let spell = (fmt == 0 && val <= 20 && rng.chance(lvl.spell))
                || (fmt == 2 && rng.chance(lvl.round));
            if spell {
                t |= T_WORDNUM;
                src = NONE;
            }
        } else if let Some(syn) = synonym(t & VAL_MASK) {
            if rng.chance(lvl.syn) {
                t = syn | (t & T_FLAGS);
                src = NONE;
            }
        } else if t & VAL_MASK < 38 && out.len() + 1 < m && rng.chance(lvl.fdrop) {
            continue;
        }
        out.push((t, src));
    }
    // Local reordering: a word swapped with the next (punctuation stays in place).
    let mut i = 0;
    while i + 1 < out.len() {
        if rng.chance(lvl.jumble) {
            let (x, y) = (out[i], out[i + 1]);
            out[i] = ((y.0 & !T_FLAGS) | (x.0 & T_FLAGS), y.1);
            out[i + 1] = ((x.0 & !T_FLAGS) | (y.0 & T_FLAGS), x.1);
            i += 2;
        } else {
            i += 1;
        }
    }
}

/// Vose alias table for weights `w`, thresholds scaled to u32: O(1) sampling.
fn alias_table(w: &[f64]) -> (Vec<u32>, Vec<u32>) {
    let n = w.len();
    let sum: f64 = w.iter().sum();
    let mut scaled: Vec<f64> = w.iter().map(|x| x * n as f64 / sum).collect();
    let mut prob = vec![u32::MAX; n];
    let mut alias: Vec<u32> = (0..n as u32).collect();
    let (mut small, mut large): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| scaled[i] < 1.0);
    while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
        small.pop();
        prob[s] = (scaled[s] * 4_294_967_296.0).min(4_294_967_295.0) as u32;
        alias[s] = l as u32;
        scaled[l] = (scaled[l] + scaled[s]) - 1.0;
        if scaled[l] < 1.0 {
            large.pop();
            small.push(l);
        }
    }
    (prob, alias)
}

// ---------------------------------------------------------------------------------------------
// Ground truth

struct Carrier {
    idx: u32,
    kind: Kind,
    runs: Vec<(u32, u32)>,
    /// Desk rewrites: the wire spans of the sentences it rewrote (`Doc::derived`); others: none,
    /// their runs stand for what they carry.
    derived: Option<Vec<(u32, u32)>>,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct TruthRow {
    a: u32,
    b: u32,
    kind: Kind,
    shared: u32,
}

/// Words in all overlaps between two sorted, disjoint span lists.
fn overlap_words(x: &[(u32, u32)], y: &[(u32, u32)]) -> u32 {
    let (mut i, mut j, mut total) = (0, 0, 0);
    while i < x.len() && j < y.len() {
        let s = x[i].0.max(y[j].0);
        let e = x[i].1.min(y[j].1);
        total += e.saturating_sub(s);
        if x[i].1 < y[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    total
}

/// Words in overlaps of at least `MIN_RUN` between two sorted, disjoint run lists.
fn shared_words(x: &[(u32, u32)], y: &[(u32, u32)]) -> u32 {
    let (mut i, mut j, mut total) = (0, 0, 0);
    while i < x.len() && j < y.len() {
        let s = x[i].0.max(y[j].0);
        let e = x[i].1.min(y[j].1);
        if e >= s + MIN_RUN {
            total += e - s;
        }
        if x[i].1 < y[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    total
}

#[derive(Default)]
struct Truth {
    /// Per story: carriers written so far (freed once the last one is in).
    live: HashMap<u32, Vec<Carrier>>,
    rows: Vec<TruthRow>,
}

impl Truth {
    fn add(&mut self, story: u32, expected: u32, c: Carrier) {
        let list = self.live.entry(story).or_default();
        list.push(c);
        if list.len() as u32 == expected {
            let list = self.live.remove(&story).unwrap_or_default();
            for (i, x) in list.iter().enumerate() {
                for y in &list[i + 1..] {
                    let shared = shared_words(&x.runs, &y.runs);
                    let derived = match (&x.derived, &y.derived) {
                        (None, None) => 0,
                        (dx, dy) => overlap_words(
                            dx.as_deref().unwrap_or(&x.runs),
                            dy.as_deref().unwrap_or(&y.runs),
                        ),
                    };
                    if shared > 0 || derived >= DESK_MIN_OVERLAP {
                        self.rows.push(TruthRow {
                            a: x.idx.min(y.idx),
                            b: x.idx.max(y.idx),
                            kind: x.kind.max(y.kind),
                            shared,
                        });
                    }
                }
            }
        }
    }

    /// Sorted rows, pairs linked through two stories merged.
    fn finish(mut self) -> Vec<TruthRow> {
        self.rows.sort_unstable();
        let mut out: Vec<TruthRow> = Vec::with_capacity(self.rows.len());
        for r in self.rows {
            match out.last_mut() {
                Some(l) if l.a == r.a && l.b == r.b => {
                    l.shared += r.shared;
                    l.kind = l.kind.max(r.kind);
                }
                _ => out.push(r),
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Driver

#[derive(Default)]
struct Bufs {
    doc: Doc,
    wa: Doc,
    wb: Doc,
    text: String,
    title: String,
    url: String,
    line: String,
    runs: Vec<(u32, u32)>,
}

#[derive(Default, Debug)]
pub(crate) struct Stats {
    articles: u64,
    bytes: u64,
    by_kind: [u64; 10],
    truth_pairs: u64,
}

struct Counting<W> {
    inner: W,
    n: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.n += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn json_str<W: Write>(w: &mut W, s: &str) -> io::Result<()> {
    serde_json::to_writer(w, s).map_err(io::Error::from)
}

pub(crate) fn generate(
    cfg: Config,
    out: &mut dyn Write,
    truth_out: Option<&mut dyn Write>,
) -> io::Result<Stats> {
    let world = World::new(cfg);
    let n = world.items.len();
    let width = (n.to_string().len()).max(7);
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_unstable_by_key(|&i| (world.items[i as usize].ts, i));
    let mut w = Counting {
        inner: BufWriter::with_capacity(1 << 20, out),
        n: 0,
    };
    let mut truth = Truth::default();
    let mut stats = Stats::default();
    let mut b = Bufs::default();
    for (idx, &pi) in order.iter().enumerate() {
        let it = world.items[pi as usize];
        world.build(pi as usize, &mut b);
        let (name, domain, v, outlet) = if it.kind == Kind::Wire {
            let a = &AGENCIES[it.src as usize];
            (a.outlet, a.domain, &world.vocabs[a.lang], None)
        } else {
            let o = &world.outlets[it.src as usize];
            (
                o.name.as_str(),
                o.domain.as_str(),
                &world.vocabs[o.lang],
                Some(o),
            )
        };
        b.text.clear();
        render(&b.doc, v, outlet, &mut b.text);
        b.line.clear();
        let _ = write!(b.line, "{{\"id\":\"a{:0width$}\",\"outlet\":", idx + 1);
        w.write_all(b.line.as_bytes())?;
        json_str(&mut w, name)?;
        b.line.clear();
        b.line.push_str(",\"date\":\"");
        push_date(&mut b.line, it.ts);
        b.line.push_str("\",\"title\":");
        w.write_all(b.line.as_bytes())?;
        json_str(&mut w, &b.title)?;
        b.url.clear();
        b.url.push_str("https://");
        b.url.push_str(domain);
        let (y, m, d) = civil(it.ts);
        let _ = write!(b.url, "/{y}/{m:02}/{d:02}/");
        for word in b.title.split(' ').take(6) {
            push_slug(&mut b.url, word);
            b.url.push('-');
        }
        let _ = write!(b.url, "{:0width$}", idx + 1);
        w.write_all(b",\"url\":")?;
        json_str(&mut w, &b.url)?;
        w.write_all(b",\"text\":")?;
        json_str(&mut w, &b.text)?;
        w.write_all(b"}\n")?;
        stats.articles += 1;
        stats.by_kind[it.kind as usize] += 1;
        if world.cfg.truth && it.kind.carries_wire() {
            for (story, slot) in [(it.story, 0), (it.story_b, SLOT_B)] {
                if story == NONE {
                    continue;
                }
                b.doc.runs(slot, &mut b.runs);
                let c = Carrier {
                    idx: idx as u32,
                    kind: it.kind,
                    runs: b.runs.clone(),
                    derived: (it.kind == Kind::Rewrite).then(|| b.doc.derived.clone()),
                };
                truth.add(story, world.stories[story as usize].carriers, c);
            }
        }
    }
    w.flush()?;
    stats.bytes = w.n;
    if let Some(t) = truth_out {
        let rows = truth.finish();
        let mut tw = BufWriter::with_capacity(1 << 20, t);
        tw.write_all(b"id_a,id_b,kind,shared_words\n")?;
        for r in &rows {
            b.line.clear();
            let _ = writeln!(
                b.line,
                "a{:0width$},a{:0width$},{},{}",
                r.a + 1,
                r.b + 1,
                r.kind.name(),
                r.shared
            );
            tw.write_all(b.line.as_bytes())?;
        }
        tw.flush()?;
        stats.truth_pairs = rows.len() as u64;
    }
    Ok(stats)
}

fn create(path: &PathBuf) -> io::Result<Box<dyn Write>> {
    if path.as_os_str() == "-" {
        Ok(Box::new(io::stdout().lock()))
    } else {
        File::create(path)
            .map(|f| Box::new(f) as Box<dyn Write>)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
    }
}

fn run(args: &Args, cfg: Config) -> Result<(), String> {
    let t0 = Instant::now();
    let mut out = create(&args.out).map_err(|e| e.to_string())?;
    let mut truth = match &args.truth {
        Some(p) => Some(create(p).map_err(|e| e.to_string())?),
        None => None,
    };
    let stats = generate(
        cfg,
        &mut out,
        truth.as_deref_mut().map(|t| t as &mut dyn Write),
    )
    .map_err(|e| e.to_string())?;
    let secs = t0.elapsed().as_secs_f64();
    let reusing: u64 = stats.by_kind[1..=7].iter().sum();
    let outlet_articles = stats.articles - stats.by_kind[0];
    eprintln!(
        "gen_corpus: {} articles ({} wire, {} of {} outlet articles carry wire copy = {:.1} %), {} bytes, {} truth pairs, {:.2} s ({:.0} MB/s)",
        stats.articles,
        stats.by_kind[0],
        reusing,
        outlet_articles,
        100.0 * reusing as f64 / outlet_articles.max(1) as f64,
        stats.bytes,
        stats.truth_pairs,
        secs,
        stats.bytes as f64 / 1e6 / secs
    );
    Ok(())
}

fn main() -> ExitCode {
    let args = Args::parse();
    let cfg = match Config::new(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match run(&args, cfg) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(n: u32, seed: u64) -> Config {
        Config::new(&Args::parse_from([
            "gen_corpus",
            "--out",
            "-",
            "--truth",
            "t",
            "--articles",
            &n.to_string(),
            "--seed",
            &seed.to_string(),
        ]))
        .unwrap()
    }

    fn gen(n: u32, seed: u64) -> (Vec<u8>, Vec<u8>) {
        let (mut o, mut t) = (Vec::new(), Vec::new());
        generate(cfg(n, seed), &mut o, Some(&mut t as &mut dyn Write)).unwrap();
        (o, t)
    }

    #[test]
    fn same_seed_same_bytes() {
        assert_eq!(gen(300, 5), gen(300, 5));
        assert_ne!(gen(300, 5).0, gen(300, 6).0);
    }

    #[test]
    fn overlaps_need_five_words() {
        assert_eq!(
            shared_words(&[(0, 100)], &[(10, 20), (30, 34), (50, 200)]),
            60
        );
        assert_eq!(shared_words(&[(0, 4)], &[(0, 4)]), 0);
    }

    fn norm_words(s: &str) -> Vec<String> {
        s.split_whitespace()
            .map(|w| {
                w.chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase)
                    .collect::<String>()
            })
            .filter(|w| !w.is_empty())
            .collect()
    }

    #[test]
    fn truth_pairs_share_passages() {
        let (o, t) = gen(600, 9);
        let texts: HashMap<String, Vec<String>> = String::from_utf8(o)
            .unwrap()
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                (
                    v["id"].as_str().unwrap().to_string(),
                    norm_words(v["text"].as_str().unwrap()),
                )
            })
            .collect();
        let t = String::from_utf8(t).unwrap();
        let mut kinds = HashSet::new();
        for row in t.lines().skip(1) {
            let f: Vec<&str> = row.split(',').collect();
            assert!(f[0] < f[1]);
            kinds.insert(f[2].to_string());
            let shared: usize = f[3].parse().unwrap();
            let (a, b) = (&texts[f[0]], &texts[f[1]]);
            if f[2] == "rewrite" {
                // Desk rewrites may keep no verbatim 5-word run at all.
                assert!(shared <= a.len().min(b.len()), "{row}");
                continue;
            }
            assert!(shared >= 5 && shared <= a.len().min(b.len()), "{row}");
            let sa: HashSet<&[String]> = a.windows(5).collect();
            assert!(
                b.windows(5).any(|w| sa.contains(w)),
                "{row}: no common 5 words"
            );
        }
        assert!(kinds.len() >= 5, "{kinds:?}");
        assert!(kinds.contains("rewrite"), "{kinds:?}");
    }

    #[test]
    fn desk_rewrites_vary_in_what_survives() {
        let (_, t) = gen(3000, 7);
        let t = String::from_utf8(t).unwrap();
        let shared: Vec<usize> = (t.lines().skip(1))
            .filter(|r| r.split(',').nth(2) == Some("rewrite"))
            .map(|r| r.rsplit(',').next().unwrap().parse().unwrap())
            .collect();
        assert!(shared.len() >= 20, "{} rewrite pairs", shared.len());
        assert!(shared.iter().any(|&w| w < 30), "{shared:?}");
        assert!(shared.iter().any(|&w| w >= 100), "{shared:?}");
    }

    #[test]
    fn desk_numbers_and_synonyms() {
        let mut s = String::new();
        push_number(&mut s, &LANGS[EN], T_NUM | T_WORDNUM | 9, true);
        s.push(' ');
        push_number(
            &mut s,
            &LANGS[ES],
            T_NUM | T_WORDNUM | (2 << 20) | 12_483,
            false,
        );
        assert_eq!(s, "Nine 12 mil");
        assert_eq!(synonym(41), Some(40));
        assert_eq!(synonym(9999), Some(9998));
        assert_eq!(synonym(39), None);
        assert_eq!(synonym(10_000), None);
    }
}
