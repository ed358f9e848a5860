//! The credit grammar: where an article names a wire agency, and in what role.
//!
//! In: an article's text (exactly as read) and a [`Registry`]. Out: [`Credit`]s — agency
//! (canonical name), [`CreditKind`], evidence (the matched text) and its span in Unicode
//! characters — sorted by `(start, agency, kind)`, no duplicates, the same for the same input.
//!
//! # How a credit is found
//!
//! 1. Every alias of every agency is located with one Aho–Corasick automaton, on word
//!    boundaries and with the registry's case rules (acronyms only as written; see
//!    `registry.rs`). An Arabic-script alias may carry an attached clitic ("لرويترز"); a
//!    *delimited-only* alias (`AA`, `مهر`, `भाषा`, `共同`: also ordinary words) is credited only as
//!    a dateline or set off by a credit's delimiters ("(AA)", "/ وام /", "— بنا"), never cited.
//! 2. Neighbouring occurrences on one line joined by a list connector ("EFE and AFP",
//!    "AFP y EFE", "dpa und AFP", "Lusa e da AFP", "EFE/EPA", "AFP, Reuters", "فرانس برس ورويترز",
//!    two agencies hyphenated without spaces ("TT-AFP", "NTB-Reuters", "STT–AFP"),
//!    "ТАСС и РИА Новости", "新华社和中新社") form one group;
//!    every agency of a group gets the same kind and evidence. "Agence France-Presse (AFP)"
//!    is one occurrence.
//! 3. The text around the group — its line (a line is a paragraph in most dumps), at most a few
//!    hundred bytes either side — is checked against the kinds below **in this order**; the first
//!    that fits wins, so an occurrence gets at most one kind. Photo and citation come first:
//!    "Photo: EFE" at the very end is a photo credit, not an end credit.
//! 4. No grammar position, no credit: "Reuters is a news agency", "an AP exam", "Reuters Street".
//!
//! Scraped text often keeps some markup, which the positions look through: HTML tags and
//! invisible marks (byte-order mark, zero-width space) at a line's start or end and around a
//! dateline's dash (`<p>LONDON (Reuters) -`, `<strong>LONDON (Reuters)</strong> -`), entity
//! dashes and copyright signs (`&mdash; AP`, `&copy; 2024 Reuters`), a non-breaking space inside
//! a place name. The evidence starts after leading tags and marks.
//!
//! Every keyword list below has English, Spanish, French, German, Portuguese and Italian forms,
//! and the citation and dateline lists also Russian, Arabic, Persian, Hindi, Urdu, Turkish,
//! Polish, Greek, Chinese, Japanese and Korean ones; keywords are case-insensitive, agency names
//! follow the registry's case rules. Every form is generic over the registry's aliases, so a
//! user's `--agencies` alias in any script gets all of them. "ART" is an optional article,
//! adjectives or agency word between keyword and agency ("the", "la agencia", "l'", "der", "da",
//! "the German news agency", "l'agence", "the state-run", "وكالة", "خبرگزاری", "агентству",
//! "समाचार एजेंसी").
//!
//! | kind | patterns (examples) |
//! |---|---|
//! | `photo` | a photo keyword, a separator, optionally a photographer and `/`, then the agency: "Photo: EFE/EPA", "Foto: EFE/Juan Pérez", without the separator when the photographer closes the line ("Beeld ANP / Jan de Vries", "Photo Belga / Marie Dubois", "FOTO TASR - Ján Novák"), "Photograph: Alex Brandon/Reuters", "Photo : AFP", "Bild: dpa", "Imagen: EFE", "Foto: Agência Brasil", "Photo by X/AFP via Getty Images"; the agency followed by a photo word: "AP Photo/Evan Vucci", "(AFP Photo)", "AFP PHOTO / JOHN DOE", "PA Images"; followed by "via Getty", "/File", "/Pool", "/Archives"; a photographer credit AGENCY/NAME or NAME/AGENCY where the name, or the agency as written, is in capitals: "REUTERS/Jane Doe", "AP / MARTIAL TREZZINI – caption", "JOHN DOE/AFP"; Korean "[로이터=연합뉴스]", "[AFP=연합뉴스]" (every agency of the bracket), "연합뉴스 자료사진"; Chinese captions "新华社记者 张三 摄", "新华社发（张三 摄）"; a caption's bracketed credit ending its line, the line a caption by its words ("This file photo shows … (Yonhap)", "Photo taken Jan. 21, 2024, shows … (Kyodo)", "… is pictured …. (AFP)", "(PHOTO NOT FOR SALE) (Yonhap)").; a photographer credit in any case when it ends a caption: in brackets closing it, after its last sentence, or alone on its line under a picture ("(Xinhua/Li Ming)", "… en Madrid. EFE/Juan Ortega", "Jonas Weber/dpa", "Tom Hale/AP"), but not on the text's first line (a byline) nor "Lusa/Fim"; "— Bernama pic", "Credit: AP", "Image source, Reuters", "Фото: Иван Петров/ТАСС", "Fotoğraf: AA", "عکس: ایرنا", "Sputnik/Name/Kremlin via REUTERS", "Protesters in central Paris. © AFP" (a caption's line, not the text's last), "© Claire MOREAU / AFP", "Снимка: БТА", "(Ảnh: Nguyễn Văn An/TTXVN)", "KEYSTONE/Anna Muster", a Japanese caption "記者会見する首相＝20日午後、首相官邸（共同）"; v12: "Fotó: MTI/Kovács Bence", "ΦΩΤΟ: ΑΠΕ-ΜΠΕ/…", "Fot. PAP/Anna Nowak", "Photographer: Ana Ruiz/Bloomberg", "… a Torino. Foto LaPresse"; "© AFP" after a dated caption ("… le 2 mars 2026. © AFP") also on the last line; "(Photo by Efe Adebayo / AFP)" credits AFP only; v13: "(foto ANSA/Marco Pellegrini)", "（图片来源：法新社）", "（法新社图）", "图／路透社", "（新华社发）", a Japanese caption's photo relayed by Jiji or Kyodo ("…＝3日、パリ（AFP時事）", "（AP＝共同）": both agencies) |
//! | `citation` | a reporting verb or preposition before the agency: "according to Reuters", "told Reuters", "told The Associated Press", "citing AP", "said in an interview with Reuters", "documents seen by Reuters"; "según EFE", "según informó EFE", "informó la agencia EFE", "dijo a EFE", "en declaraciones a EFE"; "selon l'AFP", "a indiqué à l'AFP", "a déclaré à l'AFP", "d'après l'AFP", "cité par l'AFP"; "sagte der dpa", "laut dpa", "berichtete dpa", "gegenüber der dpa"; "segundo a Lusa", "de acordo com a Reuters", "disse à Lusa"; "secondo l'ANSA", "ha detto all'ANSA"; or a verb after it: "Reuters reported", "the AFP news agency reported", "Reuters could not independently verify", "Reuters could not immediately reach", a race call "The AP declared Jane Doe the winner", "EFE informó", "dpa zufolge", "l'AFP rapporte", "ANSA riferisce", "a Lusa apurou"; more English: "according to the state-run Xinhua News Agency", "in an email to The Associated Press", "reports Reuters"; Russian "Как сообщает ТАСС", "сообщил РИА Новости", "по данным Интерфакса", "заявил агентству ТАСС", "заявил агентству «Интерфакс»", "передает ТАСС", "передает корреспондент ТАСС"; Ukrainian "повідомляє Укрінформ", "Як передає УНІАН", "за даними Укрінформу", "повідомив кореспонденту Укрінформу", "в інтерв'ю Укрінформу", "Укрінформ повідомляє"; Arabic, with the preposition written onto the name or onto "agency": "وقال مسؤول لرويترز", "وفقا لوكالة الأنباء الفرنسية", "وذكرت وكالة رويترز", "بحسب رويترز"; Persian "به گزارش ایرنا", "به گزارش خبرنگار سیاسی ایرنا", "به گزارش خبرگزاری مهر"; Hindi "आईएएनएस के अनुसार", "… ने बताया"; Urdu "اے پی پی کے مطابق"; Turkish "Anadolu Ajansı muhabirine", "AA muhabirine" (the delimited-only "AA" before the word for its correspondent), "Anadolu Ajansı'na göre"; Polish "według PAP"; Chinese "据新华社报道", "据日本共同社报道", "援引…"; Japanese "ロイター通信によると", "時事通信が報じた", "共同通信は…と報じた"; Korean "로이터통신에 따르면", "…은 … 보도했다", "…은 … 전했다"; Dutch "volgens ANP", "meldt persbureau ANP", "zegt … tegen het ANP"; Swedish, Norwegian, Danish "enligt TT", "säger hon till TT", "ifølge NTB", "sier han til NTB", "skriver Ritzau"; Finnish "kertoo uutistoimisto Reuters", "STT:n mukaan"; Czech, Slovak "podle ČTK", "řekl ČTK", "povedal pre TASR"; Hungarian "írja a Reuters", "a Reuters szerint", "az MTI-vel közölte"; Romanian "potrivit Reuters", "a declarat pentru AGERPRES"; Bulgarian "каза пред БТА", "съобщи Ройтерс"; Serbian, Croatian, Slovenian "prenosi Tanjug", "javlja Reuters", "je za STA povedal", "Prema pisanju Rojtersa", "rekao Rojtersu", "izjavio je za Hinu"; Greek "δήλωσε στο ΑΠΕ-ΜΠΕ"; Indonesian, Malay "menurut Antara", "seperti dilansir Reuters", "lapor Bernama"; Vietnamese "Theo hãng tin Reuters", "AFP đưa tin"; more: "a-t-il déclaré à l'AFP", "a-t-elle confié à l'AFP", "a appris l'AFP", "Joint par l'AFP"; "han informado a Europa Press", "según ha podido saber Europa Press"; "Em declarações à Lusa"; "sagte der Sprecher der Deutschen Presse-Agentur", "Auf dpa-Anfrage"; "request for comment from AFP", "the official Xinhua news agency said", "A Reuters witness saw", "AFP journalists saw"; a poll the agency commissioned: "Reuters/Ipsos", "AP-NORC". Not an acronym the text defines as another body's name: after "Pakistan Tehreek-e-Insaf (PTI)", "according to PTI" cites the party; v12: "disclosed this to the News Agency of Nigeria (NAN)", "Fars news agency reported", "wie der Evangelische Pressedienst (epd) meldete", "Uutistoimisto Reuters kertoo", "با خبرنگار ایسنا", a title of up to nine words between "kata" and "kepada ANTARA"; v13: Catalan "segons l'agència EFE", "ha explicat a Europa Press", "ha declarat a l'AFP", "ho ha informat …"; Italian "secondo quanto riportato da Reuters", "scrive Reuters", "ha dichiarato all'Afp"; not "according to Efe Obi" (an agency in capitals written in title case before a capitalised word is a given name) nor "Reuters Lane" nor "selon l'AP-HP" (the letters running on into a longer acronym after a hyphen; "AP-NORC" and "TT-AFP" still credit) |
//! | `byline` | at a line start: "By Jane Doe, Associated Press", "By Jane Doe \| Reuters", "By Jane Doe and John Roe, AP", "By The Associated Press", "Von Max Muster (dpa)", "Von Max Muster, dpa", "Por Ana Pérez (EFE)", "Par Jean Dupont (AFP)", "Di Mario Rossi (ANSA)", "By Ann Lee with AP", "Par Jean Dupont avec AFP" (By/Por/Par/Von/Di/Door/Av/Af, perhaps a colon — "Por: EFE", "Por: Agencia EFE" —, a name, a separator or for/with/avec/con/mit); without the keyword only "Jane Doe, AFP" or "Jane Doe \| Reuters" alone on its line (not a two-letter name: "Philadelphia, PA" is an address); the agency as a page's author line: "Press Trust of India \| Updated: …", or alone on its line under a "By NAME" line ("By JANE DOE\nAssociated Press") or above a time stamp ("Reuters\nJanuary 21, 2024") — alone above anything else it is none; a newsroom's signature alone on its line, perhaps with its city: "Redazione ANSA", "Redazione ANSA ROMA", "Redacción EFE" ("Redazione ANSA ha deciso …" is a sentence); "Story by Reuters"; a writer's name and role alone on a line ("Pedro Alves - Repórter da Agência Brasil", "Jane Doe, correspondent for AFP"); the author block opening the text: "Reuters Staff", the agency alone on the first line a paragraph above the story, perhaps over a place line ("Reuters\n\nThe council …", "Agence France-Presse", "Agencia EFE", "Agencia EFE\nMadrid\n\n…"), the agency on the line under a writer's name ("Jane Doe\nThe Associated Press"), a paper's signature ("L'Express avec AFP", "J.D. avec AFP"). An optional role may follow ("Associated Press Writer"). |
//! | `dateline` | at a line start: a place name (capitalised or all-caps words, with particles like "de", or words of an uncased script such as Arabic or Urdu), optionally ", date" segments ("3 mars", "21 ene", "March 5", "D.C."), at most 96 bytes in all, the agency in parentheses, then a dash, the story on the same line, or (place alone on its line) more lines: "LONDON (Reuters) -", "PARIS, 3 mars (AFP) -", "MADRID, 21 ene (EFE).-", "WASHINGTON (AP) —", "BERLIN (dpa) -", "Bern (sda) -", "Berlin (dpa/lno) -", "ROMA, 5 mag (ANSA) -", "LISBOA, 3 jan (Lusa) -", "Rio de Janeiro (AFP) –", "New Delhi [India], December 5 (ANI):", "Tirupati (AP), Jan 21 (PTI)" (an Indian state's two capitals in brackets are part of the place), "القاهرة (أ ف ب) -", "اسلام آباد (اے پی پی)"; "(AFP) -" or "(AFP) text" at a line start; the Chinese form agency + place + date + 电: "新华社北京3月5日电", "中新社北京1月21日电", "中新网1月21日电", "韩联社首尔1月21日电", "日本共同社东京1月21日电". The place may be preceded by a tag ("[SON DAKİKA] İSTANBUL (AA) -") and followed by date segments after `,` `.` `،` `۔` or a dash before a number, or a number alone ("Praha 21. ledna", "أبوظبي في 21 يناير", "اسلام آباد ۔ 21 جنوری", "کراچی ۔ یکم فروری", "الكويت - 21 - 1"), in any script and digits (at most 96 characters before the credit); the credit may end with `।` `۔` `.`: "नई दिल्ली, 21 जनवरी (आईएएनएस)।", "मुंबई, 3 फरवरी (भाषा)", "اسلام آباد ۔ 21 جنوری (اے پی پی)", "الكويت - 21 - 1 (كونا) --", "عمان 21 كانون الثاني (بترا) -", "ANKARA (AA) -". Slashes instead of brackets: "МОСКВА, 21 января. /ТАСС/.", "أبوظبي في 21 يناير / وام /", "القاهرة في 21 يناير /أ ش أ/", "București, 21 ian /AGERPRES/ -", "София, 21 януари /БТА/.", "Пловдив, 20 януари /Мария Петрова, БТА/". Credit first: "(ANSA) - ROMA, 21 GEN -". The credit after a dash, then a dash, a stop, a colon or the line's end (any text in uncased scripts): "МОСКВА, 21 янв — РИА Новости.", "القاهرة - أ ش أ:", "دمشق-سانا", "تهران- ایرنا-", "تهران - مهر -". The bare credit after a date or a stop and before a dash, or after a date and a stop and before a stop: "Москва. 21 января. INTERFAX.RU -", "АСТАНА. КАЗИНФОРМ –", "Київ, 21 січня. Укрінформ."; in uncased scripts after a year: "الرياض 10 رجب 1445 هـ الموافق 22 يناير 2024 م واس". Korean: "(서울=연합뉴스) 홍길동 기자 =", "(런던·서울=연합뉴스) 김철수 특파원 =", and a foreign agency's copy Yonhap relays, both credited: "(워싱턴 AP=연합뉴스)". Japanese, anywhere on a line: "【ジュネーブ共同】", "【ワシントン時事】", "【キーウ、ワシントン共同】", "【北京＝共同】"; at a line start, Reuters' "［東京　２１日　ロイター］ -". A copyright line is never a dateline. With the story on its line and no dash, the place needs a date, capitals or an uncased script: "Pakistan Tehreek-e-Insaf (PTI) leaders …" names a party. A two-letter name after a comma is a US state ("HARRISBURG, PA —").; v12: "Bonn (KNA) Die …" (one title-case word opening the text, no dash); v13: a foreign agency's copy relayed by Jiji or Kyodo, both credited: "【パリAFP時事】", "【ワシントンAP＝共同】"; a small place's country in brackets: "Valdemora (España), 4 mar (EFE).-", "Bayonne (France) (AFP) -" |
//! | `end_credit` | a credit phrase at a line or sentence start: "With information from EFE and AFP", "*With information from …", "Additional reporting by Jane Doe for AFP", "Material from Reuters was used in this report", "Con información de AFP y EFE", "Fuente: EFE", "Source: Reuters", "Source : AFP", "(mit Material von dpa)", "(sda/dpa)", "ats/afp", "Mit Material von dpa und AFP", "Quelle: dpa", "Quelle: ntv.de, mli/dpa" (other sources, then an editor's initials, before the agency), "Com informações da Lusa e da AFP", "Fonte: ANSA", "Con informazioni di ANSA", "Источник: РИА Новости", "По материалам ТАСС", "इनपुट: आईएएनएस", "출처: 연합뉴스", "Kaynak: AA", "Źródło: PAP", "Bron: ANP", "Sumber: ANTARA", "Джерело: Укрінформ"; "Avec AFP", "(avec AFP)", "Con EFE", "Mit dpa", "Source AFP", "Fuente EFE", "(With PTI inputs)", "(पीटीआई इनपुट के साथ)" ending their line, perhaps with an editor's initials ("AFP/dpa/mm", "dpa/lno", "mbo/dpa", "(mbo/dpa)" on the last line); a French paper's signature, its name then "avec", alone on a line: "Le Parisien avec AFP", "Le Courrier de l'Ouest avec AFP"; anywhere: "This story was originally published by Reuters", "… distributed through a partnership with The Associated Press", Yonhap's copyright line "<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>", "Copyright 2024 The Associated Press. All rights reserved.", "© 2024 Reuters", "© 2024 Thomson Reuters", "© AFP" (a copyright line claims the text, alone on its line or ending the text: after a caption's sentence on another line it is a photo credit; "© AFP/JOHN DOE" is a photo credit by the rule above), "The Associated Press contributed to this report", "Information from The Associated Press was used in this report", "… auto-generated from a syndicated news agency feed - PTI", "— with AAP", Der Standard's "(APA, 21.1.2024)" and "(red, APA, 21.1.2024)", "20 Minutes avec AFP", "This report includes material from The Associated Press", "AP writer Jane Doe contributed"; "—EFE", "- EFE", "(EFE)" ending a paragraph after a sentence; the agency alone on the text's last non-empty line, or ending its last sentence ("… informó la cancillería. EFE"), perhaps followed by a desk's initials and media markers, on its line or below ("EFE mad/cg", "EFE\n\nabc/def (foto)", PTI's "PTI ABC DEF"), or by Lusa's "/Fim" ("Lusa/Fim"); AP's line under funded stories, "The AP is solely responsible for all content"; "This report by The Canadian Press was first published …"; Reuters' house end line "(Reporting by Jane Doe; Editing by John Roe)" (alone on its line also without brackets) and its Spanish, French, Portuguese and German forms ("Reporte de …; Editado por …") → `Reuters`; slashes and CJK stops too: "/Ritzau/" ending the text, "…と述べた。（共同）".; v12: "Källa: TT", "Kilde: Ritzau", "Lähde: STT", "Izvor: Tanjug", "Vir: STA", "Източник: БТА", "Крыніца: БелТА", "Nguồn: TTXVN", "Theo TTXVN" alone ending the text, "jm/mb (AFP, Reuters)"; "(Reporting by staff; Editing by …)" credits no one; v13: "Amb informació d'EFE i Europa Press" |
//!
//! # Near misses, on purpose
//!
//! * Inside words or other casings: "APPLE", "cap", "CAPS", "Ap", "EFECTIVO", "efemérides",
//!   "AFPs", "DPAs" (registry boundaries and case rules).
//! * Compounds that are not the wire: the agency followed by Institute, Foundation, Street, Road,
//!   Stylebook, exam, test, class, course, credit, score, student, teacher, Biology, History, …,
//!   Industrial/Average/index (Dow Jones), "V" (Sputnik V); preceded by "Thomson" ("Thomson
//!   Reuters", "Thomson Reuters Foundation" are the company and its charity, so "according to the
//!   Thomson Reuters Foundation" is no credit) — except in a copyright line, "© 2024 Thomson
//!   Reuters", which claims the text.
//! * A paper's own desk in a dateline position — "LONDON (Sports Desk) -", "(Staff Reporter)",
//!   "(Our Correspondent)" — is no credit: only registry aliases can be credited, never a
//!   fuzzy match.
//! * A two-letter name after a comma is a US state, never an agency: "HARRISBURG, PA —",
//!   "Philadelphia, PA", a press release's "PHILADELPHIA, PA / ACCESSWIRE /" (no photo credit).
//! * "(APA)" after a name ("American Psychological Association (APA)") is no end credit: the
//!   parenthesised form needs a sentence end or a line start before it.
//! * "Avec agences", "with agencies", "con agencias": no named agency, no credit.
//! * Delimited-only aliases as words: "AA batteries", "an AA meeting", "according to AA", "مهر و
//!   محبت", "به گزارش مهر", "مرّ بنا الوقت", "यह भाषा", "共同声明", "【共同声明】", "時事問題".
//! * A paper's own service in the dateline's place: "(سپورٹس ڈیسک)", "(جنگ نیوز)", "(اسٹاف رپورٹر)"
//!   — no alias, no credit, so `outlets.csv` counts the article's reuse as uncredited.
//! * "AP style", "the AP style guide"; "新华社电视台" (电 is not a dateline's 电 without a place
//!   or date); "Copyright 2024 The Associated Press." (an end credit, not a dateline).
//! * No span starts or ends inside a word (a property test embeds names among letters).
//!
//! Spans are character offsets into the text as read, end exclusive; `evidence` is exactly the
//! spanned text (trimmed), cut to [`MAX_EVIDENCE_CHARS`] characters.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

use super::registry::{is_arabic_script, is_word_char, opens_credit, Occurrence, Registry};
use crate::sign::normalize::scraped;

/// Names the credit grammar, for the index's binding: the credits an index stores were found by
/// it, so an index built by another grammar is signed again (`index upgrade`), never mixed.
/// Bump it with any change to what the grammar finds.
/// v2: "Le Parisien avec AFP", "Source AFP", "AFP/dpa/mm", "By … with AP", "© Thomson Reuters";
/// markup a scraper left (tags, entities, invisible marks, a non-breaking space in a place).
/// v4: read through markup and mojibake ([`crate::sign::normalize::scraped::compact`]).
/// v5: a desk's sign-off trailer ("EFE\n\nabc/def (foto)", "EFE mad/cg") and the agency
/// signing off after the last sentence ("… la cancillería. EFE"); PTI's capital initials,
/// Lusa's "/Fim", AP's "solely responsible for all content"; a bracketed country after a
/// dateline's place ("New Delhi [India], December 5 (ANI):"); "Por: EFE"; "Material from
/// Reuters"; Chinese photo captions ("新华社记者 张三 摄"); "(With PTI inputs)", "mbo/dpa",
/// the Canadian Press's "was first published" footer, "Press Trust of India | Updated: …";
/// no dateline for "Full Name (ACRONYM) text" without a date, capitals or dash, nor for a
/// two-letter name after a comma ("HARRISBURG, PA —"); no byline "Philadelphia, PA", "PA-C";
/// the agency alone under a "By NAME" line or above a time stamp is a byline. v6: other
/// sources and an editor's initials between a source lead and the agency ("Quelle: ntv.de,
/// mli/dpa"); a newsroom's signature line ("Redazione ANSA"); no ANP after Portuguese words
/// ("Fonte: ANP", "dados da ANP": Brazil's oil regulator); a "Source:" line whose agency does
/// not end it is a chart's or figure's source ("Source: Reuters/Ipsos poll", "Source: APA
/// Stress in America survey"), unless a page header's fields follow ("Source: Xinhua | …").
/// v7: the author block opening a text ("Reuters Staff", the agency alone on the first line a
/// paragraph above the story, "Jane Doe\nThe Associated Press", "Story by Reuters", a paper's
/// signature "L'Express avec AFP" at the top is a byline); "Information from The Associated
/// Press was used in this report"; "— with AAP"; "(APA, 21.1.2024)", "(red, APA, 21.1.2024)";
/// a signature whose name starts with a digit ("20 Minutes avec AFP"); "auto-generated from a
/// syndicated news agency feed - PTI"; "［東京　２１日　ロイター］ -"; "(워싱턴 AP=연합뉴스)";
/// "(Reuters Breakingviews) -"; Reuters' house line without brackets; a writer's role line
/// ("Pedro Alves - Repórter da Agência Brasil"); a caption's bracketed credit is a photo credit
/// ("Photo taken … shows … (Kyodo)", "… (PHOTO NOT FOR SALE) (Yonhap)"); no photo credit for
/// a US state before a press release's wire ("PHILADELPHIA, PA / ACCESSWIRE /").
/// v8: a photographer credit ending a caption in any case ("(Xinhua/Li Ming)", "… Madrid.
/// EFE/Juan Ortega", "Jonas Weber/dpa" under a picture), not "Lusa/Fim"; "— Bernama pic",
/// "Credit: AP", "Image source, Reuters", "Фото:", "Fotoğraf:", "عکس:", "… /Kremlin via
/// REUTERS"; citations "a-t-il déclaré à l'AFP", "a appris l'AFP", "Joint par l'AFP", "han
/// informado a Europa Press", "ha podido saber", "Em declarações à Lusa", "sagte der Sprecher
/// der Deutschen Presse-Agentur", "Auf dpa-Anfrage", "request for comment from AFP", "the
/// official Xinhua news agency said", "The state news agency WAM said", "A Reuters witness
/// saw", a poll ("Reuters/Ipsos", "AP-NORC"); "Photo AFP" alone on its line; Reuters' German
/// house line with brackets inside it; "© picture alliance / dpa | Name"; a photographer's
/// name with a particle ("ANP / Sem van Dijk"); a one-sentence caption ending in its full date
/// before a bracketed credit, with story below it ("Protesters march … on January 21, 2024.
/// (AFP)").
/// v9: an Indian state's capitals in brackets within a dateline's place ("Tirupati (AP), Jan 21
/// (PTI)"); no citation of an acronym the text defines as another body's name ("Pakistan
/// Tehreek-e-Insaf (PTI)", "Transportes Aéreos Portugueses (TAP)").
/// v10: citations in Dutch, the Nordic languages, Finnish, Czech, Slovak, Hungarian, Romanian,
/// Bulgarian, Serbian, Croatian, Slovenian, Greek, Indonesian, Malay, Vietnamese and Ukrainian;
/// lower-case delimited credits ("(sda)", "ats/afp", "(dpa/rtr)", "/ritzau/"); "AA
/// muhabirine"; a race call; "© AFP" closing a caption's line is a photo credit.
/// v11: two agencies hyphenated ("TT-AFP", "OSLO (NTB-Reuters)"); Hindi "(पीटीआई इनपुट के
/// साथ)" and "से बातचीत"; "(ANSA/Agi)"; photo credits without a colon ("Beeld ANP / Name");
/// Reuters and HINA declined in Serbian, Croatian and Slovenian ("Prema pisanju Rojtersa");
/// the agency alone on the first line over a place line ("Agencia EFE\nMadrid"); Slovak
/// "uviedol pre"; a Japanese caption "…＝20日午後、首相官邸（共同）".
/// v12: "Source:" in Swedish, Danish, Norwegian, Finnish, South Slavic, Bulgarian, Belarusian
/// and Vietnamese ("Källa: TT", "Lähde: STT", "Izvor: Tanjug"); photo words "Fotó", "ΦΩΤΟ",
/// "Fot.", "Photographer:", and "Foto LaPresse" closing a caption's line; "© AFP" after a dated
/// caption on the last line; "Photo by Efe Adebayo / AFP" credits AFP only; "Theo TTXVN"
/// ending the text; "jm/mb (AFP, Reuters)"; "Bonn (KNA) Die …"; "(Reporting by staff; …)"
/// credits no one; citations "disclosed this to", "Uutistoimisto Reuters kertoo", "با
/// خبرنگار ایسنا", "Fars news agency reported"; APS's and BSS's names in Arabic and Bengali;
/// 22 agencies added (the Baltics, the Caucasus, Central Asia, the Western Balkans, Africa,
/// Bolivia, Nepal, Laos, Thailand, Ethiopia); aliases in Thai, Lao, Myanmar and Khmer need
/// no word boundary; a delimited-only name is cited after the word for a news agency ("the
/// news agency Trend reported"); a dateline line of its own ("Gəncə, 14 aprel, AZƏRTAC");
/// "Šaltinis:", "Avots:", "Allikas:", "Nuotr.", "Autors:"; Latvian, Lithuanian, Albanian,
/// Georgian and Mongolian citations; "confirmed the change to"; English scrapes: a byline
/// joined to the dateline ("By JANE DOE Associated Press WASHINGTON (AP) —"), "(END) Dow Jones
/// Newswires", "Additional reporting: PA", "an AP review of", "Photo / AFP", "(Name/The
/// Canadian Press via AP)" credits both; "AFP spokesperson" and "broadcaster CNA" name other
/// bodies; "the official Korean Central News Agency (KCNA) later said", "Reuters later
/// reported".
///
/// v13, from an audit of 192 invented articles in eighteen languages (176 right under v12):
/// Catalan end credits and citations ("Amb informació d'EFE i Europa Press", "segons
/// l'agència EFE", "ha explicat a Europa Press", "i" joining two agencies); Italian "secondo
/// quanto riportato da Reuters", "scrive Reuters", the desks' spelling "Afp" ("ha dichiarato
/// all'Afp"), a caption's "(foto ANSA/Marco Pellegrini)"; Chinese captions "（图片来源：法新社）",
/// "（法新社图）", "图／路透社", "（新华社发）"; a foreign agency relayed by Jiji or Kyodo credits
/// both, in a dateline ("【パリAFP時事】", "【ワシントンAP＝共同】") as in a caption ("（AFP時事）",
/// "（AP＝共同）"); names that are not the agency: "according to Efe Obi" (an agency in
/// capitals written in title case before a capitalised word is a given name), "Reuters Lane", "selon l'AP-HP" (the letters running on
/// into a longer acronym after a hyphen); a small place's country in brackets in
/// a dateline ("Valdemora (España), 4 mar (EFE).-", "Bayonne (France) (AFP) -").
/// v14: a dash between a dateline's date and its credit ("ROMA, 12 MAG - (ANSA) -"); a cited
/// name followed by an English word for a body's members or organs is that body's:
/// "according to AP officials", "according to UPI operator NPCI".
pub const GRAMMAR_VERSION: &str = "credit grammar v14";

/// Longest evidence kept, in characters (the span itself is not cut).
pub const MAX_EVIDENCE_CHARS: usize = 200;

/// How far from an agency name (in bytes) its context is examined on each side. Every pattern
/// of the grammar is shorter; the bound keeps a 100 KB paragraph from costing more than a short one.
const WINDOW: usize = 320;

/// Most bytes between two agencies of one list ("EFE, and the news agency AFP").
const MAX_CONNECTOR: usize = 60;

/// The role an agency name plays where it occurs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CreditKind {
    /// "LONDON (Reuters) -": the article is the agency's copy.
    Dateline,
    /// "By Jane Doe, Associated Press".
    Byline,
    /// "With information from EFE and AFP", "—EFE", "(Reporting by …; Editing by …)".
    EndCredit,
    /// "Photo: EFE/EPA": credits a picture, not the text.
    Photo,
    /// "according to Reuters": the agency is a source, not the author.
    Citation,
}

impl CreditKind {
    pub const ALL: [CreditKind; 5] = [
        CreditKind::Dateline,
        CreditKind::Byline,
        CreditKind::EndCredit,
        CreditKind::Photo,
        CreditKind::Citation,
    ];

    /// The `kind` column of `credits.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            CreditKind::Dateline => "dateline",
            CreditKind::Byline => "byline",
            CreditKind::EndCredit => "end_credit",
            CreditKind::Photo => "photo",
            CreditKind::Citation => "citation",
        }
    }

    /// Whether this kind credits the agency for the article's text (SPEC: a photo credit or a
    /// citation is not a credit for the text). Drives `credited`/`uncredited` in `outlets.csv`.
    pub fn credits_text(self) -> bool {
        matches!(
            self,
            CreditKind::Dateline | CreditKind::Byline | CreditKind::EndCredit
        )
    }
}

impl fmt::Display for CreditKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One agency credit in one article. Invariant: `start < end <=` the text's length in
/// characters, and `evidence` is the text's characters `start..end` (which never begin or end
/// with white space) as a reader sees them (markup dropped, see [`find_credits`]), cut to
/// [`MAX_EVIDENCE_CHARS`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Credit {
    /// Canonical agency name, as the registry names it.
    pub agency: String,
    pub kind: CreditKind,
    /// The matched text ("LONDON (Reuters) -", "according to Reuters").
    pub evidence: String,
    /// Character offset of the evidence in the text.
    pub start: u32,
    /// Character offset just past the evidence.
    pub end: u32,
}

/// Every agency credit in `text`, sorted by `(start, agency, kind)`; see the module doc for the
/// grammar. Never panics, whatever the text.
///
/// A text with markup or mojibake left in is read as a reader sees it
/// ([`scraped::compact`]: "(<b>Reuters</b>) -" is "(Reuters) -", "NEW&nbsp;YORK" is "NEW
/// YORK"); the credits' offsets point back into the text as read, and their evidence is what a
/// reader sees there.
pub fn find_credits(text: &str, registry: &Registry) -> Vec<Credit> {
    let Some((clean, from)) = scraped::compact(text) else {
        return find_in(text, registry);
    };
    // A span starts at its first character's first source character (a reference's "&", a
    // mojibake's first letter) and ends past its last character's last one.
    let back = |i: u32| from.get(i as usize).copied();
    let total = text.chars().count() as u32;
    let mut out: Vec<Credit> = find_in(&clean, registry)
        .into_iter()
        .filter_map(|mut c| {
            let start = back(c.start)?.first;
            let end = match c.end.checked_sub(1).and_then(back) {
                Some(last) => last.last + 1,
                None => total,
            };
            (start < end).then(|| {
                c.start = start;
                c.end = end;
                c
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (a.start, &a.agency, a.kind, a.end).cmp(&(b.start, &b.agency, b.kind, b.end))
    });
    out
}

fn find_in(text: &str, registry: &Registry) -> Vec<Credit> {
    let grammar = &*GRAMMAR;
    let occurrences = registry.matcher().occurrences(text);
    // (agency, kind, byte start, byte end)
    let mut found: Vec<(&str, CreditKind, usize, usize)> = Vec::new();
    for group in groups(text, &occurrences, grammar) {
        let Some((kind, start, end)) = classify(text, &group, registry, grammar) else {
            continue;
        };
        for occ in group.members {
            // A delimited-only alias ("AA", "مهر", "共同") is also a common word: credited only
            // in a dateline or set off by a credit's delimiters, never cited, unless the word
            // for a news agency or its correspondent names it as one ("the news agency Trend
            // reported", "kazao je agenciji MINA", "AA muhabirine").
            let allowed = !occ.delimited
                || kind == CreditKind::Dateline
                || (kind != CreditKind::Citation && set_off(text, occ, grammar))
                || (kind == CreditKind::Citation
                    && (correspondent_follows(text, occ)
                        || grammar.agency_word_before.is_match(
                            &text[floor_char_boundary(text, occ.start.saturating_sub(64))
                                ..occ.start],
                        )));
            // An acronym the text defines as another body's name ("Pakistan Tehreek-e-Insaf
            // (PTI)", "Transportes Aéreos Portugueses (TAP)") names that body wherever the text
            // cites it: "according to PTI" there is the party.
            // Nor where the text names the letters as another kind of body: after "Mediacorp
            // broadcaster CNA", "CNA reported" is Singapore's channel.
            let allowed = allowed
                && !(kind == CreditKind::Citation
                    && (defines_elsewhere(text, &text[occ.start..occ.end], occ.agency, registry)
                        || names_other_body(text, &text[occ.start..occ.end], grammar)
                        || given_name(text, occ, registry)
                        || hyphenated_acronym(text, occ, registry)
                        || members_follow(text, occ, grammar)));
            if allowed {
                found.push((registry.name(occ.agency), kind, start, end));
            }
        }
    }
    if let Some(reuters) = registry.get("Reuters") {
        // "(Reporting by staff; Editing by …)" names no reporter: any desk writes it.
        let by_staff = |s: usize, e: usize| grammar.house_by_staff.is_match(&text[s..e]);
        for m in grammar.reuters_house.find_iter(text) {
            if !by_staff(m.start(), m.end()) {
                found.push((reuters, CreditKind::EndCredit, m.start(), m.end()));
            }
        }
        for (start, end) in reuters_house_lines(text, grammar) {
            if !by_staff(start, end) {
                found.push((reuters, CreditKind::EndCredit, start, end));
            }
        }
    }
    finish(text, found)
}

/// Whether a cited name is another body's, its members or organs named after it as English
/// writes them: "according to AP officials" (Andhra Pradesh's), "according to UPI operator
/// NPCI" (the payments system's). Only after "according to" or "citing", which take a whole
/// noun phrase: after "told" the next words open the reported clause ("told Reuters officials
/// had left"), and in French or Spanish they are the speaker ("a déclaré à l'AFP Claire
/// Vautrin", "dijeron a EFE autoridades locales"). Not "an AFP tally" or "AP VoteCast": what
/// an agency counts or runs is its own.
fn members_follow(text: &str, occ: &Occurrence, g: &Grammar) -> bool {
    let before = &text[floor_char_boundary(text, occ.start.saturating_sub(24))..occ.start];
    let after = &text[occ.end..floor_char_boundary(text, occ.end + 24)];
    g.members_right.is_match(after) && g.noun_phrase_left.is_match(before)
}

/// Whether the agency's letters run on after a hyphen into a longer acronym ("selon l'AP-HP",
/// the Paris hospitals; "l'AP-HM"), which names another body: not when what follows is an
/// agency's own name (the Nordic relay "TT-AFP") or the poll an agency runs ("AP-NORC").
fn hyphenated_acronym(text: &str, occ: &Occurrence, registry: &Registry) -> bool {
    let Some(after) = text[occ.end..].strip_prefix('-') else {
        return false;
    };
    let capitals = after.chars().take_while(|c| c.is_uppercase()).count();
    let ends = after
        .chars()
        .nth(capitals)
        .is_none_or(|c| !c.is_alphanumeric());
    (1..=4).contains(&capitals)
        && ends
        && !after.starts_with("NORC")
        && !registry.matcher().starts_with_alias(after)
}

/// Whether an agency whose name is in capitals is written here in title case before another
/// capitalised word: a person's given name ("according to Efe Obi", "según Efe Okonkwo"),
/// as desks write the agency "EFE" or "Efe" but never before a name.
fn given_name(text: &str, occ: &Occurrence, registry: &Registry) -> bool {
    let written = &text[occ.start..occ.end];
    let canonical = registry.name(occ.agency);
    let mut chars = written.chars();
    let title_case = chars.next().is_some_and(char::is_uppercase)
        && chars.as_str().chars().all(char::is_lowercase)
        && written.len() > 1;
    let capitals = canonical
        .chars()
        .all(|c| !c.is_alphabetic() || c.is_uppercase());
    let mut after = text[occ.end..].chars();
    title_case
        && capitals
        && after.next() == Some(' ')
        && after.next().is_some_and(char::is_uppercase)
        && after.next().is_some_and(char::is_lowercase)
}

/// Whether `text` writes `alias` right after the word for another kind of body than a news
/// agency ("broadcaster CNA", "the party PTI") anywhere.
fn names_other_body(text: &str, alias: &str, g: &Grammar) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), alias.as_bytes()).any(|at| {
        let from = floor_char_boundary(text, at.saturating_sub(40));
        g.other_body_left.is_match(&text[from..at])
    })
}

/// Whether `text` defines the acronym `alias` (two to six capitals) as the name of a body that is
/// not agency `agency`: "Pakistan Tehreek-e-Insaf (PTI)", "Andhra Pradesh (AP)", "Transportes
/// Aéreos Portugueses (TAP)" — the words before the bracket, read backwards, start with the
/// acronym's letters (lower-case particles passed over: "Press Trust of India"), and they are
/// not one of the agency's own names ("The Associated Press (AP)", "Agence France-Presse
/// (AFP)") nor any news agency's name, registered or not ("Agenzia Nazionale Stampa Associata
/// (ANSA)", "Bulgarian Telegraph Agency (BTA)": [`NEWS_STEMS`]). A place before a dateline's
/// bracket ("Rio de Janeiro (AFP)") spells no acronym.
fn defines_elsewhere(text: &str, alias: &str, agency: usize, registry: &Registry) -> bool {
    let letters: Vec<char> = alias.chars().collect();
    if !(2..=6).contains(&letters.len()) || !letters.iter().all(char::is_ascii_uppercase) {
        return false;
    }
    let bracketed = format!("({alias})");
    let own = |phrase: &str| {
        let phrase = phrase.to_lowercase();
        NEWS_STEMS.iter().any(|stem| phrase.contains(stem))
            || registry
                .aliases(registry.name(agency))
                .any(|a| a.chars().count() > letters.len() && phrase.contains(&a.to_lowercase()))
    };
    memchr::memmem::find_iter(text.as_bytes(), bracketed.as_bytes()).any(|at| {
        let before = text[..at].trim_end();
        // The words of the name, back to at most a line's start and 120 bytes.
        let from = before
            .char_indices()
            .rev()
            .take_while(|&(i, ch)| ch != '\n' && before.len() - i <= 120)
            .last()
            .map_or(before.len(), |(i, _)| i);
        // Lower-case particles ("of", "e", "de") are passed over.
        let mut parts = before[from..]
            .rsplit(|ch: char| ch.is_whitespace() || ch == '-')
            .filter(|w| !w.is_empty() && !w.starts_with(char::is_lowercase));
        let mut start = before.len();
        for want in letters.iter().rev() {
            let Some(part) = parts.next() else {
                return false;
            };
            if !part.starts_with(*want) {
                return false;
            }
            start = part.as_ptr() as usize - before.as_ptr() as usize;
        }
        !own(&before[start..])
    })
}

/// Word stems of a news agency's name, in the languages agencies name themselves in: a name
/// holding one is an agency's, whatever the registry spells ("Agency", "Agence", "Agenzia",
/// "Agentur", "Press", "Presse", "Telegraph", "Telegrambyrå", "Stampa", "Persbureau", "News").
const NEWS_STEMS: [&str; 7] = [
    "agen",
    "press",
    "telegra",
    "stampa",
    "persbureau",
    "news",
    "nachricht",
];

/// Reuters' house line without brackets, alone on its line: the lines holding "diting by" or
/// "dited by" (found by a byte search, so a text without them costs one pass of `memmem`), each
/// matched whole by `reuters_house_line`. Byte spans of the lines.
fn reuters_house_lines(text: &str, g: &Grammar) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for needle in [&b"diting by"[..], &b"dited by"[..]] {
        for at in memchr::memmem::find_iter(bytes, needle) {
            let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
            let end = memchr::memchr(b'\n', &bytes[at..]).map_or(text.len(), |i| at + i);
            if out.iter().any(|&(s, _)| s == start) {
                continue;
            }
            if let Some(m) = g.reuters_house_line.find(&text[start..end]) {
                out.push((start + m.start(), start + m.end()));
            }
        }
    }
    out
}

/// Whether the word after an occurrence makes it an agency's name even where the name alone is
/// an ordinary word: Turkish "AA muhabirine konuşan" ("speaking to AA's correspondent"),
/// "AA muhabiri".
fn correspondent_follows(text: &str, occ: &Occurrence) -> bool {
    let after = &text[occ.end..];
    let word = after.trim_start_matches([' ', '\u{a0}']);
    word.len() < after.len() && word.starts_with("muhabir")
}

/// Whether an occurrence stands between a credit's delimiters: an opening bracket, slash, dash,
/// `=` or a source line's colon ("Kaynak: AA", "(इनपुट: भाषा)") before it and a closing one (or a
/// full stop, or the line's end) after it, spaces allowed; or the line's start before it and a
/// slash or the line's end after it, a credit line of its own ("ats/afp", "sda" ending a text).
fn set_off(text: &str, occ: &Occurrence, g: &Grammar) -> bool {
    if occ.lead > 0 {
        return false;
    }
    let before = text[..occ.start]
        .trim_end_matches([' ', '\t'])
        .chars()
        .next_back();
    let after = text[occ.end..]
        .trim_start_matches([' ', '\t'])
        .chars()
        .next();
    let closes = |c: char| {
        matches!(
            c,
            ')' | '）' | ']' | '/' | '】' | '-' | '–' | '—' | '.' | '۔' | '।' | ':' | '\n' | '\r'
        )
    };
    // A line of credits in Latin letters: "sda", "ats/afp" (not "भाषा" alone: "language").
    // A photo credit's abbreviation: "Nuotr. ELTA / Name", "Fot. PAP/Name".
    let photo_abbreviation = g.photo_abbreviation_left.is_match(&text[..occ.start]);
    // Jiji or Kyodo relaying a foreign agency, in its bracket: "（AFP時事）", "【パリAFP時事】".
    let relaying = || {
        g.relay_jp_left
            .is_match(&text[floor_char_boundary(text, occ.start.saturating_sub(64))..occ.start])
    };
    let line_start = before.is_none_or(|c| c == '\n' || c == '\r');
    let line_credit = line_start
        && text[occ.start..occ.end].is_ascii()
        && after.is_none_or(|c| matches!(c, '/' | '\n' | '\r'));
    ((before.is_some_and(opens_credit) || photo_abbreviation || relaying())
        && after.is_none_or(closes))
        || line_credit
}

/// Agencies named together ("EFE and AFP"), with the byte span from the first name's start to
/// the last name's end.
struct Group<'o> {
    members: Vec<&'o Occurrence>,
    start: usize,
    end: usize,
}

fn groups<'o>(text: &str, occurrences: &'o [Occurrence], g: &Grammar) -> Vec<Group<'o>> {
    let mut out: Vec<Group<'o>> = Vec::new();
    for occ in occurrences {
        if let Some(last) = out.last_mut() {
            if occ.start >= last.end && occ.start - last.end <= MAX_CONNECTOR {
                let between = &text[last.end..occ.start];
                if !between.contains('\n') {
                    // "Agence France-Presse (AFP)": the same agency repeated in parentheses.
                    let same = last.members.iter().any(|m| m.agency == occ.agency);
                    if same && g.open_paren.is_match(between) {
                        if let Some(close) = g.close_paren.find(&text[occ.end..]) {
                            last.end = occ.end + close.end();
                            continue;
                        }
                    }
                    if g.connector.is_match(between) {
                        last.members.push(occ);
                        last.end = occ.end;
                        continue;
                    }
                }
            }
        }
        out.push(Group {
            members: vec![occ],
            start: occ.start,
            end: occ.end,
        });
    }
    for group in &mut out {
        // One credit per agency per group ("EFE y la agencia EFE").
        let mut seen = Vec::new();
        group.members.retain(|m| {
            if seen.contains(&m.agency) {
                false
            } else {
                seen.push(m.agency);
                true
            }
        });
    }
    out
}

/// The context of one group: its line, split at the group, each side cut to `WINDOW` bytes so
/// that a long paragraph full of agency names costs linear time.
struct Context<'t> {
    text: &'t str,
    start: usize,
    end: usize,
    /// Text before the group on its line: from the line start when that is within `WINDOW`
    /// bytes, else about `WINDOW` bytes.
    left: &'t str,
    /// Absolute byte offset of `left`.
    left_base: usize,
    /// Whether `left` starts at the line start. When it does not, searches begin one character
    /// into `left`, so `\A` (meaning "line start" in the left patterns) cannot match.
    at_line_start: bool,
    left_from: usize,
    /// Text after the group on its line, at most `WINDOW` bytes.
    right: &'t str,
    /// Whether the line goes on past `right`.
    line_continues: bool,
}

impl<'t> Context<'t> {
    fn new(text: &'t str, start: usize, end: usize) -> Context<'t> {
        let bytes = text.as_bytes();
        let look_from = start.saturating_sub(WINDOW);
        let (left_base, at_line_start) = match memchr::memrchr(b'\n', &bytes[look_from..start]) {
            Some(i) => (look_from + i + 1, true),
            None if look_from == 0 => (0, true),
            None => (floor_char_boundary(text, look_from), false),
        };
        let left = &text[left_base..start];
        let left_from = if at_line_start {
            0
        } else {
            left.chars().next().map_or(0, char::len_utf8)
        };
        let look_to = floor_char_boundary(text, end.saturating_add(WINDOW));
        let (right_end, line_continues) = match memchr::memchr(b'\n', &bytes[end..look_to]) {
            Some(i) => (end + i, false),
            None => (look_to, look_to < text.len()),
        };
        Context {
            text,
            start,
            end,
            left,
            left_base,
            at_line_start,
            left_from,
            right: &text[end..right_end],
            line_continues,
        }
    }

    /// A `\z`-anchored left pattern; returns the absolute byte offset where the match starts.
    fn left_match(&self, re: &Regex) -> Option<usize> {
        re.find_at(self.left, self.left_from)
            .map(|m| self.left_base + m.start())
    }

    /// A left pattern anchored at both ends (`\A…\z`): the whole line before the group.
    fn whole_left(&self, re: &Regex) -> bool {
        self.at_line_start && re.is_match(self.left)
    }

    /// A `\A`-anchored right pattern; returns the absolute byte offset where the match ends.
    fn right_match(&self, re: &Regex) -> Option<usize> {
        re.find(self.right).map(|m| self.end + m.end())
    }

    /// Like `right_match`, but the match must end at a word end ("Photo" but not "Photographer").
    fn right_word(&self, re: &Regex) -> Option<usize> {
        re.find(self.right)
            .filter(|m| word_ends_at(self.right, m.end()))
            .map(|m| self.end + m.end())
    }

    /// Where the line ends, when the rest of it after the group is only a closing bracket and a
    /// period.
    fn line_ends(&self, g: &Grammar) -> Option<usize> {
        if self.line_continues {
            return None;
        }
        self.right_match(&g.end_tail)
    }

    /// Whether the group is a two-letter name ("PA"): after a comma that is a US state or an
    /// address ("HARRISBURG, PA —", "Philadelphia, PA"), not an agency.
    fn is_two_letters(&self) -> bool {
        self.text[self.start..self.end].chars().count() <= 2
    }

    /// Whether the group is a two-letter name after a comma: a US state ("HARRISBURG, PA —",
    /// a press release's "PHILADELPHIA, PA / ACCESSWIRE /"), never an agency.
    fn is_state_after_comma(&self) -> bool {
        self.is_two_letters() && self.left.trim_end().ends_with(',')
    }

    /// Whether the group's line is the text's first non-blank line.
    fn opens_text(&self) -> bool {
        self.at_line_start && self.text[..self.left_base].trim().is_empty()
    }

    /// Whether the group's line ends the text: nothing follows it but white space, markup and
    /// an agency desk's sign-off trailer (editors' initials, media markers: "abc/def (foto)"),
    /// which EFE and others print below the credit.
    fn last_line(&self, g: &Grammar) -> bool {
        !self.line_continues
            && g.end_trailer
                .is_match(&self.text[self.end + self.right.len()..])
    }
}

/// The kind of a group and the byte span of its evidence, or `None` when the group stands in
/// no grammar position.
fn classify(
    text: &str,
    group: &Group<'_>,
    registry: &Registry,
    g: &Grammar,
) -> Option<(CreditKind, usize, usize)> {
    let c = Context::new(text, group.start, group.end);
    let thomson =
        c.left_match(&g.block_left).is_some() && c.left_match(&g.copyright_thomson).is_none();
    if g.block_right.is_match(c.right) || thomson {
        return None;
    }
    // "ANP" after Portuguese words ("Fonte: ANP", "dados da ANP", "segundo a ANP") is the
    // Agência Nacional do Petróleo, Brazil's oil regulator, under every fuel-price story, not
    // the Dutch agency ("Bron: ANP", "(ANP)").
    let only_anp = group
        .members
        .iter()
        .all(|m| registry.name(m.agency) == "ANP");
    if only_anp && c.left_match(&g.anp_pt_left).is_some() {
        return None;
    }
    // "(Photo by Efe Oghenekaro / AFP)": a name written like an agency's, not in capitals, that
    // goes on in capitalised words to a slash before another agency is the photographer's
    // given name ("Photo: Reuters Pictures/Jane Doe" stays Reuters').
    let first = group.members[0];
    if let Some(m) = g.photographer_goes_on.find(c.right) {
        if !has_letters_no_lower(&text[first.start..first.end])
            && c.left_match(&g.photo_left).is_some()
            && registry
                .matcher()
                .starts_with_alias(c.right[m.end()..].trim_start())
        {
            return None;
        }
    }
    photo(&c, group, registry, g)
        .map(|(s, e)| (CreditKind::Photo, s, e))
        .or_else(|| citation(&c, g).map(|(s, e)| (CreditKind::Citation, s, e)))
        .or_else(|| byline(&c, g).map(|(s, e)| (CreditKind::Byline, s, e)))
        .or_else(|| dateline(&c, g).map(|(s, e)| (CreditKind::Dateline, s, e)))
        .or_else(|| end_credit(&c, g).map(|(s, e)| (CreditKind::EndCredit, s, e)))
        .map(|(kind, s, e)| {
            let (mut s, e) = tidy_span(text, kind, s, e, g);
            // Evidence that starts at a name written with a clitic ("ورويترز") starts at the
            // clitic, so it never starts inside a word.
            let lead = group.members[0].lead;
            if lead > 0 && s > group.start - lead && s <= group.start {
                s = group.start - lead;
            }
            (kind, s, e)
        })
        .filter(|(_, s, e)| s < e)
}

fn photo(
    c: &Context<'_>,
    group: &Group<'_>,
    registry: &Registry,
    g: &Grammar,
) -> Option<(usize, usize)> {
    let line_end = c.end + c.right.len();
    // A photographer's name must end at a word end ("REUTERS/Jane Doe", not "AP/X_1").
    let with_photographer = |end: usize| -> usize {
        let rest = &c.text[end..line_end.max(end)];
        g.photo_name_right
            .find(rest)
            .filter(|m| word_ends_at(rest, m.end()))
            .map_or(end, |m| end + m.end())
    };
    if let Some(s) = c.left_match(&g.photo_left) {
        return Some((s, with_photographer(c.end)));
    }
    if let Some(e) = c.right_word(&g.photo_right) {
        // "（新华社发）", "（法新社图）": the evidence ends at the word, not its bracket.
        let shown = c.text[..e].trim_end_matches([')', '）']).trim_end();
        let e = if shown.ends_with(['发', '發', '图', '圖']) {
            shown.len()
        } else {
            e
        };
        return Some((c.start, with_photographer(e)));
    }
    if let Some(e) = c.right_word(&g.photo_via) {
        return Some((c.start, e));
    }
    // "© AFP" closing a caption: a sentence before it on its line, the line not the text's
    // last ("Protesters in central Paris. © AFP") or the sentence a dated caption's ("Un
    // immeuble à Villeurbanne, le 2 mars 2026. © AFP"). Alone on its line, or ending the text
    // after a story's sentence, it claims the text (an end credit).
    if let Some(sign) = c.left.trim_end().strip_suffix('©') {
        let sentence = sign.trim_end();
        if !sentence.trim_start().is_empty()
            && sentence.ends_with(['.', '!', '?', '»', '"', '”', ')'])
            && closes_caption(c.right, c.line_continues)
            && (!c.last_line(g) || is_dated_caption(sentence, g))
        {
            return Some((c.left_base + sign.len(), c.end));
        }
    }
    // A photo word without a colon, at a line start or after a caption's sentence, then the
    // agency closing the line ("Photo AFP" alone on its line, as French captions write it; "…
    // a Torino. Foto LaPresse"), or the agency and its photographer, as Dutch, Belgian and
    // Slovak captions end: "Beeld ANP / Robin de Vries", "Photo Belga / Marie Dubois", "FOTO
    // TASR - Ján Novák".
    if let Some(word) = g
        .photo_word_left
        .captures_at(c.left, c.left_from)
        .and_then(|caps| caps.get(1))
    {
        if closes_caption(c.right, c.line_continues) {
            return Some((c.left_base + word.start(), c.end));
        }
        if let Some(m) = g.photo_dash_name_right.find(c.right) {
            if word_ends_at(c.right, m.end())
                && closes_caption(&c.right[m.end()..], c.line_continues)
            {
                return Some((c.left_base + word.start(), c.end + m.end()));
            }
        }
        // In brackets, the photographer after a slash, as Italian captions end: "(foto
        // ANSA/Marco Pellegrini)".
        if c.left[..word.start()].trim_end().ends_with(['(', '（']) {
            if let Some(m) = g.photo_name_right.find(c.right) {
                let rest = c.right[m.end()..].trim_start();
                if word_ends_at(c.right, m.end()) && rest.starts_with([')', '）']) {
                    return Some((c.left_base + word.start(), c.end + m.end()));
                }
            }
        }
    }
    // A Japanese photo caption: its subject, "＝", when and where, the agency in brackets
    // closing the line ("記者会見する首相＝20日午後、首相官邸（共同）"). A story's end credit
    // follows a sentence's "。" instead ("…と述べた。（共同）").
    // The same caption's photo relayed by Jiji or Kyodo credits both agencies: "（AFP時事）",
    // "（AP＝共同）" (the bracket closes after the relaying agency's name).
    let relayed = &c.right[relay_len(c.right, g)..];
    if c.left.ends_with('（')
        && relayed.starts_with('）')
        && closes_caption(relayed, c.line_continues)
        && g.caption_ja.is_match(c.left)
    {
        return Some((c.start, c.end));
    }
    if c.right.starts_with('）')
        && closes_caption(c.right, c.line_continues)
        && g.caption_ja_relayed.is_match(c.left)
    {
        return Some((c.start, c.end));
    }
    // A caption's credit in brackets at its end: "This file photo shows … (Yonhap)", "Photo
    // taken Jan. 21, 2024, shows … (Kyodo)", "… (PHOTO NOT FOR SALE) (Yonhap)". Without a
    // caption's words the same "(AFP)" may end a roundup's paragraph: an end credit.
    if !c.line_continues && c.at_line_start {
        let open = c.left.trim_end().rfind(['(', '（']);
        let close = c.right.find([')', '）']);
        if let (Some(open), Some(close)) = (open, close) {
            let bracketed = c.left[open..].chars().skip(1).all(char::is_whitespace)
                && c.right[..close].trim().is_empty()
                && c.right[close..]
                    .chars()
                    .skip(1)
                    .all(|ch| ch.is_whitespace() || ch == '.');
            let before = &c.left[..open];
            if bracketed
                && (g.caption_line.is_match(before)
                    || (is_dated_caption(before, g) && !c.last_line(g)))
            {
                return Some((c.start, c.end));
            }
        }
    }
    // Korean photo credits: "[로이터=연합뉴스]", "[EPA=연합뉴스]": a square bracket around the
    // agency and its distributor, joined by "=".
    if c.right.trim_start().starts_with(['=', '＝', ']']) {
        if let (Some(l), Some(r)) = (
            g.photo_eq_left.captures_at(c.left, c.left_from),
            g.photo_eq_right.captures(c.right),
        ) {
            if l.get(1).is_some() || r.get(1).is_some() {
                if let (Some(l), Some(r)) = (l.get(0), r.get(0)) {
                    return Some((c.left_base + l.start(), c.end + r.end()));
                }
            }
        }
    }
    // A photographer credit "AGENCY/NAME" or "NAME/AGENCY" counts when it is in capitals: the
    // name, or the agency as written ("REUTERS/Jane Doe"), so "Reuters/Ipsos poll" does not.
    // "PHILADELPHIA, PA / ACCESSWIRE /": a two-letter name after a comma is a US state, here
    // in a press release's dateline, not an agency crediting a photographer.
    // A photographer's agency, distributed through another: "(Jane Doe/The Canadian Press via
    // AP)" credits both.
    if c.left.trim_end().ends_with('/') {
        if let Some(m) = g.via_right.find(c.right) {
            if registry.matcher().starts_with_alias(&c.right[m.end()..]) {
                return Some((c.start, c.end));
            }
        }
    }
    // Nor is a name between two slashes, the credit of a slashed dateline: "Ulaanbaatar
    // /MONTSAME/.", "БАЊАЛУКА, 3. МАРТА /СРНА/ -".
    if c.is_state_after_comma()
        || (c.left.trim_end().ends_with('/') && g.slash_closes.is_match(c.right))
    {
        return None;
    }
    // In any case when the credit is a caption's last words: alone on its line, in brackets
    // closing it ("… Jan. 21, 2024. (Xinhua/Li Ming)"), or after its last sentence ("… en
    // Madrid. EFE/Juan Ortega"), as a line under a picture reads ("Jonas Weber/dpa"); not on
    // the text's first line, where "Jane Doe/Reuters" is the writer's byline.
    let ends_caption = |before: &str, after: &str| {
        !c.opens_text() && opens_caption(before) && closes_caption(after, c.line_continues)
    };
    let first = group.members[0];
    let written = &c.text[first.start..first.end];
    let agency_in_caps = has_letters_no_lower(written)
        && registry.name(first.agency).chars().any(char::is_lowercase);
    if let Some(caps) = g.photo_name_right.captures(c.right) {
        let name = caps.get(1).map_or("", |m| m.as_str());
        if let Some(m) = caps.get(0).filter(|m| word_ends_at(c.right, m.end())) {
            if agency_in_caps
                || has_letters_no_lower(name)
                || (!SIGN_OFFS.contains(&name)
                    && ends_caption(&c.left[c.left_from..], &c.right[m.end()..]))
            {
                return Some((c.start, c.end + m.end()));
            }
        }
    }
    if let Some(caps) = g.photo_name_left.captures_at(c.left, c.left_from) {
        if let Some(name) = caps.get(1) {
            if agency_in_caps
                || has_letters_no_lower(name.as_str())
                || ends_caption(&c.left[c.left_from..name.start()], c.right)
            {
                return Some((c.left_base + name.start(), c.end));
            }
        }
    }
    None
}

/// Whether a line before a bracketed credit reads as a photo's caption by its form: one
/// sentence ending in a full date with its year, as wire captions are written ("Protesters
/// march in central Paris on January 21, 2024."). A story's paragraph has more sentences, or
/// no year after its date.
fn is_dated_caption(line: &str, g: &Grammar) -> bool {
    g.caption_dated.is_match(line) && !g.sentence_break.is_match(line)
}

/// Words after an agency and a slash that sign a text off rather than name a photographer:
/// Lusa's "Lusa/Fim" ("end", see [`Grammar::end_tail`]), "EFE/Redacción" (the agency and the
/// newsroom), "dpa/Agenturen".
const SIGN_OFFS: &[&str] = &[
    "Fim",
    "Redacción",
    "Redação",
    "Redazione",
    "Redaktion",
    "Rédaction",
    "Agencias",
    "Agências",
    "Agences",
    "Agenzie",
    "Agenturen",
    "Agencies",
    "Staff",
];

/// Whether a photographer credit's `before` on its line (from the line start, or part of it)
/// lets it be a caption's last words: nothing but space, an opening bracket, or a sentence
/// ended before it.
fn opens_caption(before: &str) -> bool {
    let t = before.trim_end_matches([' ', '\t', '\u{a0}']);
    t.trim_start().is_empty() || t.ends_with(['(', '（', '.', '!', '?', '»', '"', '”', '©'])
}

/// Whether what follows a photographer credit on its line (`after`) ends it there: at most a
/// closing bracket and a period.
fn closes_caption(after: &str, line_continues: bool) -> bool {
    !line_continues
        && after
            .trim_start_matches([')', '）', '.', ' ', '\t', '\r'])
            .is_empty()
}

fn citation(c: &Context<'_>, g: &Grammar) -> Option<(usize, usize)> {
    // Vietnamese "Theo TTXVN" ("according to VNA") alone on the text's last line is its source
    // line: an end credit.
    if c.line_ends(g).is_some() && c.left_match(&g.end_short_left).is_some() && c.last_line(g) {
        return None;
    }
    if let Some(s) = c.left_match(&g.citation_left) {
        // A name the citation opened a quote for keeps its closing quote in the evidence:
        // "агентству «Интерфакс»".
        let quoted = c.left.ends_with(['«', '„']) && c.right.starts_with(['»', '“']);
        let quote = if quoted {
            c.right.chars().next().map_or(0, char::len_utf8)
        } else {
            0
        };
        return Some((s, c.end + quote));
    }
    let arabic_before = c
        .left
        .trim_end()
        .chars()
        .next_back()
        .is_some_and(is_arabic_script);
    if arabic_before {
        if let Some(s) = c.left_match(&g.citation_arabic_left) {
            return Some((s, c.end));
        }
    }
    if let Some(s) = c.left_match(&g.citation_cjk_left) {
        return Some((s, c.end));
    }
    if let Some(e) = c.right_word(&g.citation_right) {
        return Some((c.start, e));
    }
    // A name that calls itself a news agency, then a verb of saying: "the official Korean
    // Central News Agency (KCNA) later said", "Yonhap News Agency said". ("The AFP said" alone
    // is as often the Australian Federal Police's.)
    if let Some(e) = c.right_word(&g.citation_said_right) {
        if g.names_news_agency.is_match(&c.text[c.start..c.end]) {
            return Some((c.start, e));
        }
    }
    // The agency word before the name and a verb of saying after it: "The state news agency
    // WAM said".
    if let Some(s) = c.left_match(&g.citation_named_left) {
        if let Some(e) = c.right_word(&g.citation_named_right) {
            return Some((s, e));
        }
    }
    if let Some(e) = c.right_match(&g.citation_cjk_right) {
        return Some((c.start, e));
    }
    None
}

fn byline(c: &Context<'_>, g: &Grammar) -> Option<(usize, usize)> {
    if c.whole_left(&g.byline_by_left) {
        if let Some(e) = c.right_match(&g.byline_by_right) {
            return Some((c.left_base, e));
        }
        if g.byline_dateline_right.is_match(c.right) {
            return Some((c.left_base, c.end));
        }
    }
    // Without "By", a two-letter name after a comma is an address ("Philadelphia, PA").
    if c.whole_left(&g.byline_plain_left) && !c.is_two_letters() {
        if let Some(e) = c.right_match(&g.byline_plain_right) {
            return Some((c.left_base, e));
        }
    }
    if c.whole_left(&g.end_bare_left) {
        if let Some(e) = c.right_match(&g.byline_stamp_right) {
            let bar = c.text[c.end..e]
                .find(['|', '·', '•'])
                .map_or(e, |i| c.end + i);
            return Some((c.left_base, bar));
        }
    }
    // A page's author block: the agency alone on its line under a "By NAME" line ("By JANE
    // DOE\nAssociated Press") or above a time stamp ("Reuters\nJanuary 21, 2024 10:30 AM").
    // Alone above anything else it is no credit ("Reuters\nThe market rose.").
    if c.whole_left(&g.byline_bare_left) && !c.line_continues && c.right.trim().is_empty() {
        let before = c.text[..c.left_base].trim_end();
        let prev = before.rsplit('\n').next().unwrap_or("");
        let next = c.text[c.end + c.right.len()..]
            .trim_start()
            .split('\n')
            .next()
            .unwrap_or("");
        if g.byline_by_line.is_match(prev) || g.stamp_line.is_match(next) {
            return Some((c.left_base, c.end));
        }
    }
    // The text's author block at its top: the agency alone on the first line, a paragraph
    // before the story ("Reuters\n\nThe council …"), or with its staff ("Reuters Staff");
    // or on the line under a writer's name ("Jane Doe\nThe Associated Press"). Alone with
    // the story right under it ("Reuters\nThe market rose.") it may be a kicker: no credit.
    if c.whole_left(&g.byline_bare_left) && !c.line_continues {
        if let Some(e) = c.right_match(&g.byline_staff_right) {
            let before = c.text[..c.left_base].trim();
            let staff = !c.right.trim().is_empty();
            let first = c.opens_text();
            let under_name = !before.contains('\n') && g.name_line.is_match(before);
            // A blank line next (white space allowed on it, a CRLF text's "\r" too), perhaps
            // after a place line ("Agencia EFE\nMadrid\n\nLos datos …").
            let blank_next = |rest: &str| {
                rest.strip_prefix('\n').is_some_and(|rest| {
                    rest.trim_start_matches([' ', '\t', '\r']).starts_with('\n')
                })
            };
            let after = &c.text[c.end + c.right.len()..];
            let paragraph = blank_next(after)
                || after.strip_prefix('\n').is_some_and(|rest| {
                    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
                    is_place_line(line) && blank_next(&rest[line.len()..])
                });
            if (first && (staff || paragraph)) || (under_name && !c.last_line(g)) {
                return Some((c.left_base, e));
            }
        }
    }
    // A paper's signature as the text's author line: "L'Express avec AFP", "J.D. avec AFP"
    // opening the text (under the text it is an end credit).
    if c.opens_text() && !c.last_line(g) {
        if let Some(e) = c.line_ends(g) {
            if let Some(s) = c.left_match(&g.end_short_left) {
                return Some((s, e));
            }
        }
    }
    // A newsroom's signature on its own line, perhaps with its city: "Redazione ANSA",
    // "Redazione ANSA ROMA", "Redacción EFE". ("Redazione ANSA ha deciso …" is a sentence.)
    if c.whole_left(&g.byline_desk_left)
        && !c.line_continues
        && g.byline_desk_right.is_match(c.right)
    {
        return Some((c.left_base, c.end));
    }
    // A writer's name and role on their own line: "Pedro Alves - Repórter da Agência Brasil".
    if c.whole_left(&g.byline_role_left) {
        if let Some(e) = c.line_ends(g) {
            return Some((c.left_base, e));
        }
    }
    // "By Ann Lee with AP": only with the agency ending the line ("Di Maio con l'ANSA, il
    // ministro …" is a sentence).
    if c.whole_left(&g.byline_with_left) {
        if let Some(e) = c.line_ends(g) {
            return Some((c.left_base, e));
        }
    }
    None
}

/// A line that is only a place's name: one to four words, the first capitalised, no
/// sentence's punctuation ("Madrid", "Buenos Aires", "Ciudad de México", "LONDON").
fn is_place_line(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    (1..=4).contains(&words)
        && line.chars().count() <= 40
        && line.chars().next().is_some_and(char::is_uppercase)
        && !line.contains(['.', '!', '?', ':', ';', ',', '"', '(', ')'])
}

/// Bytes of the relaying agency's name (Jiji's or Kyodo's, perhaps after "＝") that `right`
/// starts with, as a Japanese bracket relaying a foreign agency prints it ("AFP時事】",
/// "AP＝共同）"); 0 when there is none. The first character is checked before the pattern:
/// most names in running text come by here.
fn relay_len(right: &str, g: &Grammar) -> usize {
    if !right.starts_with(['＝', '=', '時', '共']) {
        return 0;
    }
    g.relay_jp_right.find(right).map_or(0, |m| m.end())
}

fn dateline(c: &Context<'_>, g: &Grammar) -> Option<(usize, usize)> {
    // Each form is tried only when a character it needs is where it needs it (a closing 】, an
    // opener or dash right before the name, a digit or stop): most names in running text reach
    // this function, and the checks keep the grammar's speed.
    // Japanese: "【ジュネーブ共同】", "【キーウ、ワシントン共同】", anywhere on the line.
    // Reuters' Japanese copy: "［東京　２１日　ロイター］ -". A foreign agency's copy Jiji or
    // Kyodo relays credits both: "【パリAFP時事】", "【ワシントンAP＝共同】" (the foreign
    // agency's bracket closes after the relaying agency's name).
    let relay = relay_len(c.right, g);
    let rest = &c.right[relay..];
    if rest.trim_start().starts_with(['】', '］']) {
        if let (Some(s), Some(close)) = (
            c.left_match(&g.dateline_jp_left),
            g.dateline_jp_right.find(rest),
        ) {
            return Some((s, c.end + relay + close.end()));
        }
    }
    if !c.at_line_start || prefix_too_long(c.left) {
        return None;
    }
    let left_end = c.left.trim_end();
    let last = left_end.chars().next_back();
    // In brackets or slashes: "LONDON (Reuters) -", "МОСКВА, 21 января. /ТАСС/.",
    // "ВАШИНГТОН, 21 января. /Корр. ТАСС Иван Петров/.".
    // A comma: a reporter's name in the slashes, "Пловдив, 20 януари /Мария Петрова, БТА/".
    if last.is_some_and(|ch| matches!(ch, '(' | '（' | '/' | '.' | ','))
        && g.dateline_left.is_match(c.left)
    {
        let slash = !left_end.ends_with(['(', '（']);
        let before_open = if slash {
            left_end.rfind('/').map_or("", |i| &left_end[..i])
        } else {
            &left_end[..left_end.len() - last.map_or(0, char::len_utf8)]
        };
        let has_place = !before_open.trim().is_empty();
        if before_open.trim_end().ends_with(['-', '–', '—']) && !dated_dash(c.left, g) {
            return None;
        }
        // Credit first: "(ANSA) - ROMA, 21 GEN -".
        if !has_place && !slash {
            if let Some(e) = c.right_match(&g.dateline_first_right) {
                return Some((c.left_base, e));
            }
        }
        let right = if slash {
            &g.dateline_slash_right
        } else {
            &g.dateline_right
        };
        if let Some(caps) = right.captures(c.right) {
            let all = caps.get(0)?;
            let core = caps.get(1).or(caps.get(0))?;
            let has_dash = caps.get(2).is_some();
            let rest = &c.right[core.end()..];
            // A dateline is followed by the story: a dash, text on its line, or (a place alone
            // on its line, "MADRID (EFE)") more lines. "(EFE)" alone on its line, or anything
            // ending the text with its "(EFE)", is an end credit. A slash needs a place.
            let followed = has_dash || !rest.trim().is_empty() || (has_place && !c.last_line(g));
            // With the story on its line and no dash, the place must look like one: a date
            // ("NEW DELHI, Dec 5 (PTI) The …"), capitals ("LONDON (Reuters) The …"), an
            // uncased script, or one word opening the text. "Pakistan Tehreek-e-Insaf (PTI)
            // leaders …" and "Andhra Pradesh (AP) government …" name an organisation and its
            // acronym.
            let run_on = has_place && !has_dash && !rest.trim().is_empty();
            // KNA's, epd's and Montsame's datelines open the text with the place in title case
            // and no dash: "Bonn (KNA) Die Bistümer …", "Ulaanbaatar /MONTSAME/. The …", one
            // word before the credit.
            let kna_style = c.opens_text()
                && !before_open.trim().contains(char::is_whitespace)
                && rest
                    .trim_start_matches(|ch: char| ch.is_whitespace() || ch == '.')
                    .starts_with(char::is_uppercase);
            let place_like = before_open.chars().any(char::is_numeric)
                || !before_open.chars().any(char::is_lowercase)
                || is_uncased(before_open)
                || kna_style;
            // "Copyright 2024 United Press International, Inc. (UPI)." is a copyright line.
            let copyright = has_place && g.copyright_line.is_match(before_open);
            if followed && (has_place || !slash) && (!run_on || place_like) && !copyright {
                return Some((c.left_base, c.end + all.end()));
            }
        }
    }
    // Korean: "(서울=연합뉴스) 홍길동 기자 =", "(런던·서울=연합뉴스)".
    if last.is_some_and(|ch| matches!(ch, '=' | '＝')) && g.dateline_eq_left.is_match(c.left) {
        if let Some(e) = c.right_match(&g.dateline_eq_right) {
            return Some((c.left_base, e));
        }
    }
    // A foreign agency's copy relayed by Yonhap: "(워싱턴 AP=연합뉴스)", "(도쿄 교도=연합뉴스)".
    if c.right.trim_start().starts_with(['=', '＝']) && g.dateline_relay_left.is_match(c.left) {
        if let Some(e) = c.right_match(&g.dateline_relay_right) {
            return Some((c.left_base, e));
        }
    }
    let dashed = last.is_some_and(|ch| matches!(ch, '-' | '–' | '—'));
    let stopped = last.is_some_and(|ch| matches!(ch, '.' | ',' | '،' | '۔'));
    let has_date = !dashed && c.left.chars().any(char::is_numeric);
    if !(dashed || stopped || has_date) {
        return cjk_dateline(c, g);
    }
    // A copyright line ("Copyright 2024 — The Associated Press.") or a source line ("Source -
    // Reuters") is no dateline.
    if c.left_match(&g.end_any_left).is_some() || c.left_match(&g.end_lead_left).is_some() {
        return None;
    }
    let uncased = is_uncased(c.left);
    // The credit after a dash: "МОСКВА, 21 янв — РИА Новости.", "دمشق-سانا", "تهران- ایرنا-".
    if dashed && g.dateline_dash_left.is_match(c.left) {
        if let Some(e) = c.right_match(&g.dateline_after) {
            return Some((c.left_base, e));
        }
        if uncased || c.right.trim().is_empty() {
            return Some((c.left_base, c.end));
        }
    }
    // The bare credit: after a date or a stop between the place and the credit ("АСТАНА.
    // КАЗИНФОРМ –"), then a dash; after a date and a stop, then a stop ("Київ, 21 січня.
    // Укрінформ."); in uncased scripts after a year, then anything ("الرياض 10 رجب 1445 هـ
    // الموافق 22 يناير 2024 م واس").
    // "HARRISBURG, PA —": a two-letter name after a comma is a US state, not an agency.
    let state = c.is_state_after_comma();
    if !dashed && !state && g.dateline_bare_left.is_match(c.left) {
        if let Some(e) = c.right_match(&g.dateline_dash_after) {
            return Some((c.left_base, e));
        }
        if has_date && stopped {
            if let Some(e) = c.right_match(&g.dateline_after) {
                if e > c.end {
                    return Some((c.left_base, e));
                }
            }
        }
        if has_date && uncased && g.dateline_year_end.is_match(c.left) {
            return Some((c.left_base, c.end));
        }
        // A dateline line of its own over the story, the credit closing it: "Gəncə, 14 aprel,
        // AZƏRTAC" (Azertac).
        if has_date && stopped && c.opens_text() && c.right.trim().is_empty() && !c.last_line(g) {
            return Some((c.left_base, c.end));
        }
    }
    cjk_dateline(c, g)
}

/// The Chinese dateline: agency, place, date, 电 ("新华社北京3月5日电").
fn cjk_dateline(c: &Context<'_>, g: &Grammar) -> Option<(usize, usize)> {
    if c.whole_left(&g.dateline_cjk_left) {
        if let Some(e) = c.right_match(&g.dateline_cjk_right) {
            return Some((c.left_base, e));
        }
    }
    None
}

/// Whether the text before a dateline's credit is too long to be a place and a date: more than
/// [`MAX_DATELINE_PREFIX`] characters.
fn prefix_too_long(left: &str) -> bool {
    left.len() > MAX_DATELINE_PREFIX && left.chars().count() > MAX_DATELINE_PREFIX
}

/// Whether the dash before a dateline's bracket (`left` ends with it and the bracket) follows a
/// date: "ROMA, 12 MAG - (ANSA) -", not "Zenith Motors - (AP) -", which names no place. The
/// digit is looked for in the place and its segments, not in a tag before them ("[Update 2]
/// Zenith Motors - (AP)"); a dash that is the tag's own ("[BREAKING] - (AP) -") is no
/// place's.
fn dated_dash(left: &str, g: &Grammar) -> bool {
    let Some(caps) = g.dateline_left.captures(left) else {
        return true;
    };
    match (caps.name("place"), caps.name("open")) {
        (Some(place), Some(open)) => {
            let placed = &left[place.start()..open.start()];
            !placed.trim_end().ends_with(['-', '–', '—']) || placed.chars().any(char::is_numeric)
        }
        _ => true,
    }
}

/// Whether a place name is written in a script without letter case (Arabic, Devanagari, …),
/// where a capital cannot mark it as a name and the dateline's shape must.
fn is_uncased(place: &str) -> bool {
    place
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| !c.is_uppercase() && !c.is_lowercase())
}

fn end_credit(c: &Context<'_>, g: &Grammar) -> Option<(usize, usize)> {
    if let Some(s) = c.left_match(&g.end_lead_left) {
        // "Source: Reuters/Ipsos poll …", "Source: AP-NORC poll", "Source: APA Stress in
        // America survey": a chart's or a figure's source, not the text's.
        // A page's header line goes on with its other fields ("Source: Xinhua | 2024-03-12 |
        // Editor: …", "Source: Xinhua Published: …").
        if c.left_match(&g.end_source_left).is_some()
            && c.line_ends(g).is_none()
            && !g.source_fields_right.is_match(c.right)
        {
            return None;
        }
        return Some((s, c.end));
    }
    if let Some(s) = c.left_match(&g.end_any_left) {
        let e = c.right_match(&g.end_rights).unwrap_or(c.end);
        return Some((s, e));
    }
    if let Some(e) = c.line_ends(g) {
        if let Some(s) = c.left_match(&g.end_short_left) {
            return Some((s, e));
        }
        if let Some(s) = c.left_match(&g.end_mark_left) {
            return Some((s, e));
        }
        // The agency alone on the text's last non-empty line.
        if c.whole_left(&g.end_bare_left) && c.last_line(g) {
            return Some((c.left_base, e));
        }
        // The agency signing off after the last sentence: "… informó la cancillería. EFE".
        if c.left_match(&g.end_signoff_left).is_some() && c.last_line(g) {
            return Some((c.start, e));
        }
    }
    if let Some(e) = c.right_match(&g.end_contrib_right) {
        return Some((c.start, e));
    }
    // A line claiming the text for the agency: AP's under the stories a foundation funds ("The
    // AP is solely responsible for all content"), the Canadian Press's footer ("This report by
    // The Canadian Press was first published Jan. 21, 2024").
    if let Some(e) = c.right_match(&g.end_claim_right) {
        return Some((c.start, e));
    }
    None
}

/// Trims the evidence span: leading white space and the punctuation a pattern consumed before
/// the credit (the end of the previous sentence), trailing white space; then closes a bracket
/// the evidence opened ("(mit Material von dpa)").
fn tidy_span(
    text: &str,
    kind: CreditKind,
    mut s: usize,
    mut e: usize,
    g: &Grammar,
) -> (usize, usize) {
    let keep_symbol = matches!(
        kind,
        CreditKind::EndCredit | CreditKind::Dateline | CreditKind::Byline
    );
    // A photo credit keeps an opening bracket that it closes: "[로이터=연합뉴스]".
    let closes_bracket = kind == CreditKind::Photo && text[s..e].trim_end().ends_with(']');
    let mut i = 0;
    while let Some(ch) = text[s + i..e].chars().next() {
        let rest = &text[s + i..e];
        // Leading markup is not evidence ("<p>LONDON (Reuters) -"); an entity may be
        // ("&copy; 2024 Reuters", "&mdash; AP").
        if let Some(tag) = g.lead_tag.find(rest) {
            i += tag.end();
            continue;
        }
        let keep = ch.is_alphanumeric()
            || (closes_bracket && ch == '[')
            || (keep_symbol
                && (matches!(
                    ch,
                    '(' | '（' | '[' | '【' | '［' | '/' | '*' | '•' | '—' | '–' | '-' | '©'
                ) || g.lead_entity.is_match(rest)));
        if keep {
            s += i;
            break;
        }
        i += ch.len_utf8();
        if s + i >= e {
            return (e, e);
        }
    }
    let span = &text[s..e];
    let opened = span.matches(['(', '（', '[']).count();
    let closed = span.matches([')', '）', ']']).count();
    if opened > closed {
        if let Some(m) = g.close_paren.find(&text[e..]) {
            e += m.end();
        }
    }
    let trimmed = text[s..e].trim_end();
    (s, s + trimmed.len())
}

/// Sorts, removes duplicates and converts byte spans to character spans and evidence.
fn finish(text: &str, mut found: Vec<(&str, CreditKind, usize, usize)>) -> Vec<Credit> {
    found.sort_by(|a, b| (a.2, a.0, a.1, a.3).cmp(&(b.2, b.0, b.1, b.3)));
    found.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1 && a.2 == b.2);
    // Byte → char offsets in one pass over the text.
    let mut positions: Vec<usize> = found.iter().flat_map(|f| [f.2, f.3]).collect();
    positions.sort_unstable();
    positions.dedup();
    let mut chars_at = Vec::with_capacity(positions.len());
    let (mut byte, mut chars) = (0usize, 0usize);
    for &p in &positions {
        chars += text[byte..p].chars().count();
        byte = p;
        chars_at.push(chars);
    }
    let to_char = |b: usize| -> u32 {
        let i = positions.partition_point(|&p| p < b);
        u32::try_from(chars_at.get(i).copied().unwrap_or(0)).unwrap_or(u32::MAX)
    };
    let mut out: Vec<Credit> = found
        .into_iter()
        .map(|(agency, kind, s, e)| Credit {
            agency: agency.to_string(),
            kind,
            evidence: cut_evidence(&text[s..e]),
            start: to_char(s),
            end: to_char(e),
        })
        .collect();
    out.sort_by(|a, b| {
        (a.start, &a.agency, a.kind, a.end).cmp(&(b.start, &b.agency, b.kind, b.end))
    });
    out
}

/// The evidence for a span: its first [`MAX_EVIDENCE_CHARS`] characters, without trailing white
/// space where the cut falls after a space.
fn cut_evidence(span: &str) -> String {
    match span.char_indices().nth(MAX_EVIDENCE_CHARS) {
        Some((i, _)) => span[..i].trim_end().to_string(),
        None => span.to_string(),
    }
}

fn word_ends_at(s: &str, i: usize) -> bool {
    !s[i..].chars().next().is_some_and(is_word_char)
}

fn has_letters_no_lower(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !s.chars().any(char::is_lowercase)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The compiled grammar. Left patterns end in `\z` (matched backwards from the agency name),
/// right patterns start with `\A`; all are fixed strings, compiled once.
struct Grammar {
    connector: Regex,
    open_paren: Regex,
    close_paren: Regex,
    block_left: Regex,
    /// A newsroom signing the text, alone on its line: "Redazione ANSA", "Redacción EFE".
    byline_desk_left: Regex,
    byline_desk_right: Regex,
    /// Before "ANP" in Portuguese: the Brazilian oil regulator ([`classify`]).
    anp_pt_left: Regex,
    /// An HTML tag, and an HTML entity, at the start of a span ([`tidy_span`]).
    lead_tag: Regex,
    lead_entity: Regex,
    /// "© 2024 Thomson " before "Reuters": the company's copyright line, which claims the text.
    copyright_thomson: Regex,
    /// A line that opens with a copyright word or sign: never a dateline's place.
    copyright_line: Regex,
    block_right: Regex,
    photo_left: Regex,
    photo_right: Regex,
    photo_via: Regex,
    photo_name_right: Regex,
    /// A photographer's name going on after a given name spelled like an agency's: " Oghenekaro
    /// / AFP".
    photographer_goes_on: Regex,
    /// A photo abbreviation right before a name ([`PHOTO_ABBREVIATIONS`]).
    photo_abbreviation_left: Regex,
    /// " via " between two agencies of a photo credit.
    via_right: Regex,
    /// The word for another kind of body right before a name: "broadcaster CNA", "party PTI".
    other_body_left: Regex,
    /// The word for a news agency right before a name: "agency", "agencia", "агентство".
    agency_word_before: Regex,
    /// A body's members or organs after its name, and the words before a cited name that
    /// take a whole noun phrase ([`members_follow`]).
    members_right: Regex,
    noun_phrase_left: Regex,
    /// A slash closing a slashed credit: then a stop, a dash, a colon, or the line's end.
    slash_closes: Regex,
    photo_name_left: Regex,
    photo_word_left: Regex,
    caption_ja: Regex,
    caption_ja_relayed: Regex,
    relay_jp_left: Regex,
    relay_jp_right: Regex,
    photo_dash_name_right: Regex,
    caption_line: Regex,
    caption_dated: Regex,
    sentence_break: Regex,
    photo_eq_left: Regex,
    photo_eq_right: Regex,
    citation_left: Regex,
    citation_arabic_left: Regex,
    citation_cjk_left: Regex,
    citation_right: Regex,
    citation_cjk_right: Regex,
    citation_named_left: Regex,
    citation_named_right: Regex,
    citation_said_right: Regex,
    names_news_agency: Regex,
    byline_by_left: Regex,
    byline_by_right: Regex,
    byline_dateline_right: Regex,
    byline_plain_left: Regex,
    /// "By Ann Lee with AP", the agency ending its line.
    byline_with_left: Regex,
    byline_plain_right: Regex,
    dateline_left: Regex,
    dateline_right: Regex,
    dateline_slash_right: Regex,
    dateline_first_right: Regex,
    dateline_eq_left: Regex,
    dateline_eq_right: Regex,
    dateline_dash_left: Regex,
    dateline_bare_left: Regex,
    dateline_after: Regex,
    dateline_dash_after: Regex,
    dateline_year_end: Regex,
    dateline_relay_left: Regex,
    dateline_relay_right: Regex,
    dateline_jp_left: Regex,
    dateline_jp_right: Regex,
    dateline_cjk_left: Regex,
    dateline_cjk_right: Regex,
    end_lead_left: Regex,
    /// A "Source:" lead (any language) before the agency: a data source unless the agency
    /// ends its line ([`end_credit`]).
    end_source_left: Regex,
    source_fields_right: Regex,
    end_any_left: Regex,
    end_rights: Regex,
    end_short_left: Regex,
    end_mark_left: Regex,
    end_tail: Regex,
    end_trailer: Regex,
    end_signoff_left: Regex,
    end_bare_left: Regex,
    end_contrib_right: Regex,
    end_claim_right: Regex,
    byline_stamp_right: Regex,
    byline_bare_left: Regex,
    byline_by_line: Regex,
    byline_role_left: Regex,
    byline_staff_right: Regex,
    name_line: Regex,
    stamp_line: Regex,
    reuters_house: Regex,
    reuters_house_line: Regex,
    /// A house line whose reporters are just "staff".
    house_by_staff: Regex,
}

/// An optional article or contraction between a keyword and an agency: "the", "la", "l'", "der",
/// "da", "à", "all'".
const ART: &str = r"(?i:(?:the|la|las|el|los|le|les|da|do|das|dos|de|del|der|die|dem|den|des|di|della|dello|a|o|an|à|ao|al|au|aux|het|az|το|τον|την|τη|του|της|η|ο|στο|στον|στην|στη)\s+|(?:l|d|dell|all|dall|nell|sull)['’]\s*)";

/// An optional agency word, with up to two adjectives before it and one after: "the German news
/// agency", "la agencia española", "l'agence", "der Nachrichtenagentur", "da agência de notícias".
const AGENCY_WORD: &str = r"(?i:(?:[\p{L}\-]+\s+){0,2}?(?:(?:news|press|wire)\s+)?(?:agency|agencies|service|services|agencias?|agènci(?:a|es)|agências?|agences?|agenzia|agenzie|(?:agentur|agentúr|agen[țţ]i|agencij|агенци|nyhetsbyrå|nyhedsbureau|агентств|информагентств|(?:haber\s+)?ajans|πρακτορεί|agencj)\p{L}*|persbureau|persagentschap|nieuwsagentschap|uutistoimisto|hírügynökség|kantor\s+berita|agensi(?:\s+berita)?|hãng\s+(?:tin|thông\s+tấn)|nachrichtenagentur|presseagentur|nachrichtendienst|وكالة(?:\s+الأنباء)?|وكالت|خبرگزاری|(?:समाचार\s+|न्यूज़?\s+)?एजेंसी|(?:نیوز\s+)?ایجنسی|خبر\s+رساں\s+ادارے)(?:\s+(?:de|di)\s+(?:noticias|notícias|presse|stampa|informaci[oó]n))?\s+(?:[\p{L}\-]+\s+)??)";

/// A capitalised or all-caps word of a person's name (particles allowed inside).
const NAME: &str = r"\p{Lu}[\p{L}\p{M}'’.\-]*(?:[ \t]+(?:(?:de|da|do|dos|del|la|le|van|von|der|den|di|du|bin|al|el|y)[ \t]+)*\p{Lu}[\p{L}\p{M}'’.\-]*){0,3}";

/// A photographer's name after or before the slash of a photo credit.
const PHOTOGRAPHER: &str = r"\p{Lu}[\p{L}\p{M}'’.\-]*(?:[ \t]+(?:(?:van|von|de|der|den|da|di|du|del|dos|la|le|ten|ter)[ \t]+)?\p{Lu}[\p{L}\p{M}'’.\-]*){0,3}";

/// Roles after a byline's agency: "Associated Press Writer".
const ROLE: &str = r"(?:(?:\p{L}+\s+){0,2}(?i:writers?|correspondents?|reporters?|editors?|staff|journalists?|contributors?|redakteur(?:in)?|korrespondent(?:in)?|corresponsal|correspondante?|corrispondente|redacción|rédaction|redazione))";

/// A word of a dateline's place: capitalised or all caps, or in an uncased script (Arabic, …).
const PLACE_WORD: &str = r"[\p{Lu}\p{Lo}][\p{L}\p{M}\p{N}'’.\-/]*";

/// Lower-case particles inside place names: "Rio de Janeiro", "Frankfurt am Main".
const PLACE_PARTICLE: &str =
    r"(?:de|da|do|dos|das|del|la|el|le|les|am|an|der|im|sur|upon|on|di|van|von|al|en|et|y|e|of|i)";

/// The date or region segment after a dateline's comma: "3 mars", "21 ene", "March 5", "D.C.".
const DATE_SEGMENT: &str = r"[\p{L}\p{M}\p{N}.'’/ \t]+";

/// Longest text before a dateline's parenthesis, in bytes ("SAN JUAN, Puerto Rico, March 5 (").
/// The dateline patterns use unbounded repetition, which keeps their automaton small and fast;
/// this bound is what keeps a sentence from passing for a place and a date.
const MAX_DATELINE_PREFIX: usize = 96;

/// Where a sentence has just ended, so a new phrase begins.
const SENTENCE_END: &str = r#"[.!?…"”»)\]。！？」』）۔।؟]"#;

/// Adjectives between an article and a cited agency: "the state-run Xinhua", "the semi-official
/// ISNA", "the Turkish Anadolu Agency", "Iran's semi-official Tasnim". Nationalities and
/// possessives must be capitalised.
const ADJ: &str = r"(?:(?:(?i:state|official|semi-?official|government|national|independent|private|public|leading|main|major|international|news|wire|[\p{L}]+-(?:run|owned|controlled|backed|affiliated|funded|linked|official))|(?-i:\p{Lu}\p{Ll}+(?:an|ese|ish|ian|ch|i|ic)|\p{Lu}\p{L}+['’]s))\s+){1,3}";

/// A reporter between a Russian or Ukrainian verb and the agency: "передает корреспондент ТАСС",
/// "повідомив кореспонденту Укрінформу" (any case ending).
const CYRILLIC_REPORTER: &str = r"(?:корреспондент|кореспондент|журналист|журналіст)\p{L}*";

/// A tag before a dateline's place: "[SON DAKİKA]", "[BREAKING]".
const TAG: &str = r"(?:(?:<[A-Za-z/!][^<>\n]{0,120}>|[\x{FEFF}\x{200B}-\x{200D}\x{2060}])\s*)*(?:\[[^\[\]\n]{1,40}\]\s*[-–—:|]?\s*)?";

/// Markup a scraped text may keep around a credit, as the grammar skips it: an HTML tag, or
/// an invisible mark (byte-order mark, zero-width space or joiner, word joiner).
const MARKUP: &str = r"(?:<[A-Za-z/!][^<>\n]{0,120}>|[\x{FEFF}\x{200B}-\x{200D}\x{2060}])";

/// An agency desk's initials below or after its sign-off: the writer's and the editor's
/// ("abc/def", "mad/cg", "jm/lll", "mr/ig/jrh"), lower case, slash-separated.
const INITIALS: &str = r"\p{Ll}{1,5}(?:/\p{Ll}{1,5})+";

/// A media marker after a sign-off's initials: "(foto)", "(vídeo)", "(infografía)".
const MEDIA: &str = r"\((?i:fotos?|v[íi]deos?|audios?|infograf[íi]as?|gr[áa]ficos?|photos?)\)";

/// A dash, written or as an HTML entity ("&mdash;", "&#8212;").
const DASH: &str = r"(?:[-–—]|&[mn]dash;|&#821[12];)";

/// A segment after a dateline's place: "[India]" (ANI's "New Delhi [India], December 5 (ANI):"), ", 3 mars", ". 21 января", " ۔ یکم فروری", " - 21 - 1",
/// " في 21 يناير" (a date starting with a digit needs no separator); a region's two capitals
/// in brackets before a comma, as PTI writes an Indian state ("Tirupati (AP), Jan 21 (PTI)",
/// "Srinagar (J&K), …"): Andhra Pradesh, not the Associated Press; a small place's country in
/// brackets, as EFE and AFP write it (v13): "Valdemora (España), 4 mar (EFE).-", "Bayonne
/// (France) (AFP) -".
const SEGMENT: &str = r"(?:\s*\((?:\p{Lu}{2}|J&K|\p{Lu}\p{Ll}[\p{L}\p{M}.'’\- ]{1,30})\)\s*,\s*[\p{L}\p{M}\p{N}.'’/ \t]+|\s*\(\p{Lu}\p{Ll}[\p{L}\p{M}.'’\- ]{1,30}\)|\s*\[[\p{L}\p{M} .'’\-]{1,40}\]|\s*[,،.۔]\s*[\p{L}\p{M}\p{N}.'’/ \t]+|\s*[-–]\s*\p{N}[\p{L}\p{M}\p{N}.'’/ \t]*|\s+\p{N}[\p{L}\p{M}\p{N}.'’/ \t]*)";

static GRAMMAR: LazyLock<Grammar> = LazyLock::new(Grammar::new);

/// Photo abbreviations followed by a stop: Polish "Fot.", Lithuanian "Nuotr.". A photo credit
/// reads them ([`Grammar`]'s `photo_left`), and they set a delimited-only name off.
const PHOTO_ABBREVIATIONS: &str = "[Ff]ot|[Nn]uotr";

fn re(pattern: &str) -> Regex {
    // The patterns are constants of this module, each exercised by the unit tests; a failure is
    // a build defect.
    Regex::new(pattern).unwrap_or_else(|e| panic!("credit grammar pattern does not compile: {e}"))
}

impl Grammar {
    fn new() -> Grammar {
        let tail = format!(r"(?:{ART})?(?:{AGENCY_WORD})?(?:{ART})?");
        let names = format!(r"{NAME}(?:\s*(?:,|[ \t](?i:and|y|et|und|e|&)[ \t])\s*{NAME}){{0,3}}");
        // Words of a place are joined by spaces (a non-breaking one too) or hyphens.
        let place = format!(r"{PLACE_WORD}(?:[ \t\x{{A0}}\-]+(?:{PLACE_WORD}|{PLACE_PARTICLE}))*");

        let citation_left = [
            // English
            r"according\s+to|told|tells|telling|said\s+to|(?:said|says)\s+(?:in\s+an?\s+(?:interview|statement)\s+)?(?:to|with)",
            r"(?:in|during)\s+an?\s+interview\s+with|disclosed(?:\s+this)?\s+to|made\s+this\s+known\s+to|interviewed\s+by|(?:speaking|spoke|talking|talked)\s+to|citing|(?:cited|quoted|reported|seen|obtained|reviewed|contacted|asked)\s+by|confirmed\s+(?:(?:the|this|that|it|its|his|her|their)\s+)?(?:[\p{L}\-]+\s+)?to|(?:a|the)\s+statement\s+(?:sent\s+)?to",
            // Spanish
            r"(?:ha|han)\s+(?:informado|publicado|adelantado|avanzado|difundido)|según\s+(?:ha|han)\s+(?:informado|publicado|confirmado|indicado|señalado|explicado|adelantado|avanzado)|según(?:\s+(?:informó|informa|publicó|publica|recoge|reportó|reporta|indicó|difundió))?|de\s+acuerdo\s+con|(?:dijo|declaró|explicó|confirmó|aseguró|afirmó|indicó|señaló|manifestó|contó|detalló|precisó|relató)\s+a",
            r"en\s+(?:declaraciones|una\s+entrevista|entrevista)\s+(?:a|con)|(?:ha|han)\s+(?:informado|confirmado|explicado|indicado|señalado|asegurado|detallado|precisado|trasladado)\s+a|(?:ha|han)\s+podido\s+(?:saber|confirmar|conocer)|entrevistad[oa]\s+por|citad[oa]s?\s+por|informó|reportó|publicó|difundió",
            // French
            r"selon\s+(?:un|une|le|la|les|des)\s+(?:décompte|bilan|comptage|informations|sources)\s+(?:de|d['’]|du|des)|selon|d['’]apr[èe]s|(?:a|a-t-(?:il|elle|on)|ont-(?:ils|elles))\s+(?:indiqué|déclaré|affirmé|confié|expliqué|précisé|dit|assuré|raconté|confirmé|annoncé)\s+à|a\s+appris|(?:joint|contacté|sollicité)(?:e|s|es)?\s+par|(?:indique|déclare|affirme|explique|précise|confie)\s+à|interrogée?s?\s+par|cité(?:e|s|es)?\s+par|rapporte|a\s+rapporté|a\s+(?:indiqué|précisé|affirmé)",
            // German
            r"(?:sagte|sagten|erklärte|erklärten|bestätigte|bestätigten)\s+(?:der|die|das|ein|eine)\s+\p{Lu}[\p{L}\-]*|sagte|sagten|sagt|erklärte|berichtete|berichtet|meldete|meldet|laut|gegenüber|zitiert\s+von|auf\s+anfrage\s+(?:der|des|von)|erfuhr|erfuhren",
            // Portuguese
            r"segundo|de\s+acordo\s+com|conforme|(?:disse|afirmou|declarou|informou|contou|explicou|confirmou|relatou|avançou|adiantou|revelou|garantiu|indicou|referiu|sublinhou|esclareceu)\s+(?:à|ao|a|para)|citad[oa]\s+pel[oa]|em\s+(?:entrevista|declarações)\s+(?:à|ao|a)|noticiou",
            // English, more: "in an email to", "reports Reuters"
            r"(?:in|via|by)\s+(?:an?\s+)?(?:e-?mail|(?:written\s+)?statement|text(?:\s+message)?|message|(?:tele)?phone\s+(?:call|interview)|call|letter)\s+(?:sent\s+)?(?:to|with)|e-?mailed|wrote\s+to|reports|writes|wrote|requests?\s+for\s+comment\s+from",
            // Russian
            r"(?:как\s+)?(?:сообща(?:ет|ют|л[аио]?|ли)|сообщил[аио]?|сообщили|переда(?:ет|ёт|ют|л[аио]?|ли)|пиш(?:ет|ут)|писал[аио]?|заявил[аио]?|заявили|рассказал[аио]?|рассказали|сказал[аио]?|сказали|пояснил[аио]?|пояснили|подтвердил[аио]?|подтвердили|уточнил[аио]?|уточнили|цитиру(?:ет|ют)|информиру(?:ет|ют))|по\s+(?:данным|сообщению|информации)|со\s+ссылкой\s+на|согласно(?:\s+данным)?|в\s+(?:интервью|беседе\s+с|комментарии)",
            // Ukrainian: "повідомляє Укрінформ", "передає УНІАН", "за даними Укрінформу",
            // "в інтерв'ю Укрінформу"
            r"(?:як\s+)?(?:повідомля(?:є|ють|в|ла|ло|ли)|повідоми(?:в|ла|ло|ли)|переда(?:є|ють|в|ла|ло|ли)|пиш(?:е|уть)|писа(?:в|ла|ли)|заяви(?:в|ла|ли)|розпові(?:в|ла|ли)|сказа(?:в|ла|ли)|поясни(?:в|ла|ли)|підтверди(?:в|ла|ли)|уточни(?:в|ла|ли)|зазначи(?:в|ла|ли)|інформу(?:є|ють)|циту(?:є|ють))|за\s+(?:даними|інформацією|повідомленням)|з\s+посиланням\s+на|із\s+посиланням\s+на|згідно\s+з(?:\s+даними)?|(?:в|у)\s+(?:інтерв['’ʼ]ю|коментарі|розмові\s+з)",
            // Persian: "به گزارش ایرنا", "به گزارش خبرنگار سیاسی ایرنا"
            r"(?:به\s+گزارش|به\s+نقل\s+از|بر\s*اساس\s+گزارش|طبق\s+گزارش)(?:\s+[\p{L}\p{M}\x{200c}]+){0,3}?",
            // Persian, to the agency's reporter: "در گفت‌وگو با خبرنگار ایسنا", "به خبرنگار ایرنا
            // گفت"
            r"(?:با|به)\s+خبرنگار(?:\s+[\p{L}\p{M}\x{200c}]+){0,2}?",
            // Albanian: "njofton Agjencia Telegrafike Shqiptare", "sipas ATSH", "tha për ATSH"
            r"njofton|njoftoi|raporton|raportoi|sipas|(?:tha|deklaroi|u\s+shpreh)\s+për",
            // Polish, Greek, Turkish
            r"według|podał[aoy]?|podaje|(?:powiedział|poinformował|przekazał|napisał)[ay]?|powiedzieli|poinformowali|przekazali|donosi|informuje|w\s+rozmowie\s+z|(?:σύμφωνα\s+με|όπως\s+μετέδωσε)|göre",
            // Dutch: "volgens ANP", "meldt persbureau ANP", "zegt een woordvoerder tegen het ANP"
            r"volgens|meldt|meldde|melden|meldden|aldus",
            // Swedish, Norwegian, Danish: "enligt TT", "ifølge NTB", "skriver Ritzau", "säger hon
            // till TT", "uppger polisen för TT", "sier han til NTB"
            r"enligt|ifølge|iflg\.|skriver|skrev|rapporterar|rapporterade|rapporterer|melder|meldte",
            // Finnish: "kertoo uutistoimisto Reuters", "kertoi STT:lle"
            r"kertoo|kertoi|kertovat|kertoivat|uutisoi|uutisoivat|raportoi|raportoivat|tiedottaa|tiedotti",
            // Czech, Slovak: "podle ČTK", "řekl ČTK", "uvedla agentura Reuters", "povedal pre TASR"
            r"podle|podľa|(?:řekl|uvedl|sdělil|informoval|oznámil|napsal|potvrdil|povedal|napísal)[aiy]?(?:\s+(?:pro|pre))?|(?:uviedol|uviedla|uviedli)(?:\s+pre)?|píše|píšu|cituje|citoval[ai]?",
            // Hungarian: "írja a Reuters", "közölte az MTI-vel"
            r"írja|írta|jelenti|jelentette|közölte|közli|mondta|nyilatkozta|tudósít|tudósított",
            // Romanian: "potrivit Reuters", "a declarat pentru AGERPRES", "informează Reuters"
            r"potrivit|conform|(?:a|au)\s+(?:declarat|precizat|afirmat|spus|transmis|informat|anunțat|anunţat|relatat|explicat|confirmat)(?:\s+pentru)?|declarat\s+pentru|informează|transmite|relatează|citat[ăa]?\s+de|citați\s+de",
            // Bulgarian: "според БТА", "каза пред БТА", "съобщи Ройтерс"
            r"според|(?:каза|казаха|заяви|заявиха|сподели|потвърди|коментира|обясни|съобщи)\s+пред|съобщи|съобщиха|съобщава|съобщават|предава|предават|пише|пишат|информира|цитиран[аио]?\s+от",
            // Serbian, Croatian, Bosnian, Slovenian: "prenosi Tanjug", "javlja Reuters", "je za
            // STA povedal župan", "јавља Ројтерс"
            r"prema(?:\s+(?:pisanju|navodima|izvje[šs]taju|izve[šs]taju|podacima|informacijama))?|prenosi|prenose|javlja|javljaju|javila|javio|pišu|poroča|poročajo|navaja|navajajo|po\s+(?:poročanju|navedbah|pisanju|podacima|podatcima)|(?:je|su|so)\s+za|(?:rekao|rekla|izjavio|izjavila|kazao|kazala|povedal|povedala|dejal|dejala)(?:\s+je)?\s+za|(?:rekao|rekla|kazao|kazala|potvrdio|potvrdila)(?:\s+je)?|према(?:\s+(?:писању|наводима|извештају|подацима))?|преноси|преносе|јавља|јављају|(?:је|су)\s+за|(?:рекао|рекла|изјавио|изјавила)(?:\s+је)?\s+за|(?:рекао|рекла|потврдио|потврдила)(?:\s+је)?",
            // Greek: "δήλωσε στο ΑΠΕ-ΜΠΕ", "μεταδίδει το Reuters"
            r"δήλωσε|δήλωσαν|είπε|είπαν|ανέφερε|ανέφεραν|αναφέρει|μεταδίδει|μεταδίδουν|μετέδωσαν|γράφει|γράφουν|έγραψε",
            // Indonesian, Malay: "menurut Antara", "seperti dilansir Reuters", "dikutip dari AFP",
            // "kata dia kepada ANTARA", "lapor Bernama"
            r"menurut|(?:seperti\s+)?(?:dilansir|dikutip|dilaporkan|diberitakan)(?:\s+(?:dari|oleh))?|mengutip|melansir|memberitahu|lapor|melaporkan|memetik",
            // Vietnamese: "Theo hãng tin Reuters", "Theo phóng viên TTXVN"
            r"theo(?:\s+phóng\s+viên)?|trả\s+lời\s+phỏng\s+vấn",
            // A verb of saying, up to six words (the speaker, a time), then the preposition of
            // its addressee, in one group for all languages (one gap keeps the automaton small):
            // "zegt een woordvoerder van de politie tegen het ANP", "säger hon till TT", "sier
            // han til NTB", "sagte der Bürgermeister am Samstag zur APA", "a indiqué une
            // porte-parole à l'AFP", "kata dia kepada ANTARA". Dutch "tegen" and Indonesian
            // "kepada" alone would cite "a lawsuit against AP".
            r"(?:zegt|zei|zeggen|zeiden|vertelt|vertelde|bevestigt|bevestigde|laat\s+weten|liet\s+weten|säger|sa|sade|uppger|uppgav|berättar|berättade|bekräftar|bekräftade|sier|opplyser|opplyste|forteller|fortalte|bekrefter|bekreftet|siger|sagde|oplyser|oplyste|fortæller|bekræfter|bekræftede|sagte|sagten|erklärte|erklärten|bestätigte|bestätigten|meinte|betonte|(?:a|ont)\s+(?:indiqué|déclaré|affirmé|confié|expliqué|précisé|dit|assuré|raconté|confirmé|annoncé)|kata|ujar|ucap|tutur|jelas|ungkap|mengatakan|menjelaskan|menuturkan|mengungkapkan|menyampaikan|berkata|bercakap)\s+(?:[^\s.!?;:,«»“”]+\s+){0,9}?(?:tegen|till|för|til|overfor|zur|zum|à|kepada)",
            // Italian
            r"secondo\s+quanto\s+(?:riportato|riferito|scritto|reso\s+noto|appreso)\s+da(?:ll['’]|lla|l)?|secondo|(?:ha|hanno)\s+(?:detto|riferito|dichiarato|spiegato|confermato|raccontato)\s+(?:all['’]|alla|al|a)|riferisce|riporta|scrive|scrivono|stando\s+a|citat[oa]\s+da(?:ll['’]|lla|l)?|in\s+un['’]intervista\s+(?:all['’]|alla|con)|intervistat[oa]\s+da(?:ll['’]|lla)?",
            // Catalan: "segons l'agència EFE", "ha explicat a Europa Press", "ha declarat a
            // l'AFP", "ho ha informat Europa Press"
            r"segons(?:\s+(?:ha|han)\s+(?:informat|publicat|avançat))?|(?:ha|han)\s+(?:explicat|declarat|dit|assegurat|afirmat|confirmat|indicat|detallat|precisat|manifestat)\s+(?:a|al|als)|(?:ho\s+)?(?:ha|han)\s+(?:informat|publicat|avançat|difós)|en\s+declaracions\s+(?:a|al)",
        ]
        .join("|");
        let citation_right = [
            r"reported|reports|learned|learnt|understands|quoted|cited|tally|calculations?",
            // The agency's own reporting: "an AP review of state records found", "a Reuters
            // analysis of shipping data".
            r"(?:review|analysis|investigation|examination)\s+of",
            // Georgian, by the agency's information: "ინტერპრესნიუსის ინფორმაციით"
            r"ინფორმაციით",
            // Mongolian, to the agency: "МОНЦАМЭ агентлагт мэдээллээ"
            r"агентлаг(?:т|ад)\s+(?:мэдээлл?(?:ээ|эв)|ярил?(?:аа|цав)|хэлэв|хэллээ|мэдэгдэв|мэдэгдлээ)",
            // "The official Xinhua news agency said", "A Reuters witness saw", "AFP journalists saw"
            r"(?:news\s+)?agency\s+(?:said|says)|(?:witness(?:es)?|journalists?|reporters?|correspondents?|photographers?|teams?)\s+(?:saw|see|counted|witnessed|heard|observed|found|visited|reached)",
            r"(?:could|was|were)\s+not\s+(?:immediately\s+|independently\s+)?(?:verify|confirm|reach|be\s+reached)|(?:was|were)\s+unable\s+to\s+(?:independently\s+|immediately\s+)?(?:verify|reach)",
            // An election's race call: "The AP declared Jane Doe the winner".
            r"declared|projected|called\s+the\s+race",
            r"informó|informa|reportó|reporta|publicó|difundió",
            r"rapporte|a\s+rapporté|rapportait|indique|a\s+indiqué|a\s+appris",
            r"berichtete|berichtet|meldete|meldet|(?:aus\s+[\p{L}\-]+\s+)?erfuhr|zufolge",
            r"informou|noticiou|apurou|relatou",
            r"riferisce|riporta|ha\s+riferito|ha\s+appreso",
            r"сообща(?:ет|ют|л[аио]?|ли)|переда(?:ет|ёт|ют|л[аио]?|ли)|пиш(?:ет|ут)|узнал[аио]?|выяснил[аио]?",
            r"повідомля(?:є|ють|в|ла|ли)|переда(?:є|ють|в|ла|ли)|пиш(?:е|уть)|дізна(?:вся|лася|лися)|з['’ʼ]ясува(?:в|ла|ли)",
            r"के\s+(?:अनुसार|मुताबिक)|ने\s+(?:बताया|कहा|रिपोर्ट|खबर|ख़बर)|से\s+(?:बात(?:चीत)?|कहा)",
            r"کے\s+مطابق|نے\s+(?:بتایا|کہا|رپورٹ)|سے\s+(?:بات|گفتگو)",
            r"گزارش\s+(?:داد|کرد)|اعلام\s+کرد|نوشت",
            r"muhabir(?:ine|inin|i|lerine|lerinin|leri)",
            // Turkish, the name in the dative: "Anadolu Ajansına yaptığı açıklamada"
            r"yaptığı\s+açıklama\p{L}*|konuşan|konuştu",
            // Hungarian: "A Reuters szerint", "az AFP hírügynökség jelentése szerint"
            r"(?:hírügynökség\s+)?(?:jelentése\s+|értesülése\s+)?szerint|hírügynökség\s+(?:jelentette|közölte|írja)",
            // Vietnamese: "AFP đưa tin"
            r"đưa\s+tin|loan\s+tin",
        ]
        .join("|");
        // Arabic: a verb of saying or "according to" and up to three words, or the preposition
        // li- written onto the name or onto "agency": "وقال مسؤول لرويترز", "وفقا لوكالة
        // الأنباء الفرنسية", "ذكرت وكالة رويترز", "بحسب رويترز".
        let arabic_verbs = r"[وف]?(?:ذكرت|أفادت|أوردت|نقلت|قالت|أكدت|أعلنت|كشفت|بثت|نشرت|أضافت|أوضحت|صرح|صرّح|أفاد|ذكر|قال|أكد|أضاف|أوضح|تقول|يقول|بحسب|حسب|حسبما|وفقا|وفقاً|طبقا|طبقاً|نقلا\s+عن|نقلاً\s+عن)";
        // "Source:" in every language the grammar reads: a lead of its own (`end_source_left`:
        // a chart's source when the agency does not end the line) and one of the end leads.
        let source_leads = [
            r"sources?\s*(?:[:：]|[-–—]\s)",
            r"fuentes?\s*(?:[:：]|[-–—]\s)",
            r"quellen?\s*(?:[:：]|[-–—]\s)",
            r"fontes?\s*(?:[:：]|[-–—]\s)",
            r"fonti?\s*(?:[:：]|[-–—]\s)",
            r"المصدر\s*(?:[:：]|[-–—]\s)|(?:来源|來源|稿源)\s*[:：]",
            r"источник\s*(?:[:：]|[-–—]\s)|출처\s*[:：]",
            r"(?:kaynak|źródło|zrodlo|bron|sumber|zdroj|forrás|πηγή|sursa|sursă|джерело|منبع)\s*[:：]",
            r"(?:izvor|извор|vir|källa|kilde|lähde|източник|крыніца|nguồn|šaltinis|avots|allikas)\s*[:：]",
        ]
        .join("|");
        // A credit phrase's lead at a line or sentence start, then up to three other sources
        // and an editor's initials before the agency ("Quelle: ntv.de, mli/dpa").
        let lead_left = |leads: &str| {
            format!(
                r"(?i)(?:\A\s*[*•(（\[—–\-]*\s*|{SENTENCE_END}\s+[(（\[*]?\s*|[(（\[]\s*)(?:{leads})\s*(?:[^\n,;:()（）]{{1,40}}?\s*[,;]\s*){{0,3}}(?-i:(?:\p{{Ll}}{{2,5}}/)*){tail}\z"
            )
        };
        let end_leads = [
            // English
            r"with\s+(?:additional\s+)?(?:information|reporting|files|inputs?|material|contributions?|details)\s+(?:from|by)",
            r"(?:additional\s+)?reporting\s+(?:by|from)|additional\s+reporting\s*[:：]",
            r"(?:with\s+)?(?:additional\s+)?reporting\s+by\s+[^;()\n]{1,80}?\s+(?:for|of|from|at)",
            r"material\s+from",
            // Spanish
            r"con\s+(?:informaci[oó]n(?:es)?|datos|reportes?|material)\s+(?:de|del)",
            // French
            r"avec\s+(?:les\s+|des\s+)?informations\s+(?:de|d['’])",
            // German
            r"mit\s+(?:material|informationen|agenturmaterial)\s+(?:von|der|des|aus)|unter\s+verwendung\s+von\s+(?:material\s+)?(?:von|der|des)",
            // Portuguese
            r"com\s+informa[cç][oõ]es\s+(?:da|do|das|dos|de)",
            // Italian
            r"con\s+informazioni\s+(?:di|da|dell['’]|della|del)",
            // Catalan: "Amb informació d'EFE i Europa Press", "Amb informació de l'ACN i l'AFP"
            r"amb\s+(?:informaci[oó]|dades)\s+(?:de|d['’]|del)",
            // Russian ("По материалам ТАСС"), Hindi ("इनपुट: आईएएनएस", "(इनपुट: भाषा)")
            r"по\s+материалам|इनपुट\s*(?:[:：]|[-–—])",
            &source_leads,
        ]
        .join("|");
        let end_anywhere = [
            r"(?:(?:was|were|is|has\s+been|had\s+been)\s+)?(?:originally|first)\s+(?:published|appeared|produced|distributed|written)\s+(?:by|in|on|at|for)",
            r"(?:this|the)\s+(?:story|article|report|content|text)\s+(?:was|is|has\s+been)\s+(?:produced|written|provided|distributed|supplied)\s+by",
            r"publicad[oa]\s+originalmente\s+(?:por|en|em|pela|pelo|no|na)|publi[ée]e?\s+(?:initialement|à\s+l['’]origine|d['’]abord)\s+(?:par|sur|dans)",
            r"zuerst\s+erschienen\s+(?:bei|in|auf)|pubblicat[oa]\s+originariamente\s+(?:da|su)",
            r"(?:includes|contains)\s+(?:material|reporting|information)\s+from",
            // Indian sites' footer under agency copy: "… auto-generated from a syndicated news
            // agency feed - PTI", "… from a syndicated feed by IANS".
            r"auto-?generated\s+from\s+(?:a\s+|the\s+)?syndicated\s+(?:news\s+)?(?:agency\s+)?feeds?\s*(?:[-–—:,]\s*|(?:by|from|of)\s+)?",
            // A member's story an agency distributed: "… and distributed through a partnership
            // with The Associated Press".
            r"distributed\s+(?:through|via|by|in)\s+(?:a\s+)?(?:content\s+)?partnership\s+with",
            // Yonhap's copyright line under its copy: "<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>".
            r"저작권자\s*(?:\(c\)|ⓒ|©|&copy;)?\s*",
            r"(?:copyright\s*(?:(?:©|&copy;|&#169;)\s*)?(?:\(c\)\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?|(?:©|&copy;|&#169;|\(c\))\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?)(?:thomson\s+)?",
        ]
        .join("|");

        Grammar {
            // Two agencies hyphenated without spaces are one credit of both: a home agency
            // relaying a foreign one's copy ("TT-AFP", "NTB-Reuters", "STT–AFP").
            connector: re(&format!(
                r"\A[-‐–]\z|\A(?:\s*[,/&+،、・·]\s*(?i:(?:and|y|e|et|und|ed|og|och|и|और|اور)\s+)?|\s+(?i:and|y|e|et|und|ed|i|og|och|or|o|ou|oder|as\s+well\s+as|и|или|और|اور|و)\s+|\s*[,،]?\s*و|\s*(?:和|与|與|及|과|와|및)\s*){tail}\z"
            )),
            open_paren: re(r"\A\s*[(（]\s*\z"),
            close_paren: re(r"\A[ \t]*[)）\]]"),
            block_left: re(r"(?i)(?:\A|[^\p{L}\p{M}\p{N}_])thomson\s+\z"),
            byline_desk_left: re(&format!(
                r"\A\s*(?:{MARKUP}\s*)*(?i:redazione|redacci[oó]n|r[ée]daction|reda[cç][aã]o|redaktion|redactie)\s+{tail}\z"
            )),
            byline_desk_right: re(
                r"\A[ \t]*(?:[-–—,][ \t]*)?(?:\p{Lu}[\p{Lu}\p{M}' .\-]{1,30})?[ \t]*\z",
            ),
            anp_pt_left: re(
                r"(?i)(?:(?:\A|[^\p{L}\p{M}\p{N}_])(?:fontes?\s*[:：\-–—]|da|na|pela|à|a|segundo\s+a|conforme\s+a|diretor(?:a|es)?\s+da|presidente\s+da)\s*)\z",
            ),
            lead_tag: re(r"\A<[A-Za-z/!][^<>\n]{0,120}>"),
            lead_entity: re(r"\A&(?:[A-Za-z]{2,8}|#[0-9]{2,5}|#[xX][0-9a-fA-F]{2,4});"),
            copyright_line: re(r"(?i)\A\s*(?:copyright\b|©|&copy;|&#169;|\(c\))"),
            copyright_thomson: re(
                r"(?i)(?:copyright|©|&copy;|&#169;|\(c\))\s*(?:(?:©|&copy;|&#169;)\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?thomson\s+\z",
            ),
            block_right: re(
                r"(?i)\A(?:\s+|-)(?:institute|foundation|street|st\.|road|avenue|ave\.|lane|drive|boulevard|blvd\.?|square|building|stylebook|style\s*book|style|exams?|tests?|class(?:es)?|courses?|credits?|scores?|students?|teachers?|biology|chemistry|physics|calculus|history|psychology|statistics|english|literature|government|economics|environmental|computer|art|music|scholars?|programs?|programmes?|industrial|average|index|indices|v|spokes(?:person|man|woman|people)|commanders?|troops|soldiers|personnel|officers)(?:[^\p{L}\p{M}\p{N}_]|\z)|\A(?-i:-\p{Lu})(?:[^\p{L}\p{M}\p{N}_]|\z)",
            ),
            photo_left: re(&format!(
                r"(?i)(?:(?:\A|[^\p{{L}}\p{{M}}\p{{N}}_])(?:(?:photos?|photograph(?:s|y|ers?)?|图片来源|圖片來源|图源|圖源|图|圖|fotos?|fotó|φωτο(?:γραφία)?|fotograf[ií]as?|fotoğraf|фото(?:графи[яи])?|снимк[аи]|beeld|snímk[ay]|zdjęcie|kuva|ảnh|फ़?ोटो|عکس|صورة|الصورة|imagen(?:es)?|imagem|images?|bild(?:er)?|pictures?|pics?|cr[ée]dits?\s+photos?|photo\s+credits?|cr[ée]dito(?:\s+d[ae]\s+foto)?|archivfoto|archive\s+photo|file\s+photo)(?:\s*[:：|/／]|\s+(?:by|de|di|von|par|from|credit)\s|\s*[-–—]|\s*©)\s*(?:©\s*)?(?:[^\n/:|]{{1,60}}?\s*/\s*)?|image\s+source\s*,\s*|picture\s+alliance\s*/\s*|(?:{PHOTO_ABBREVIATIONS})\.\s*(?:[^\n/:|]{{1,60}}?\s*/\s*)?|\p{{L}}[^\n/]*/[^\n]*?\s+via\s+)|\A\s*credits?\s*[:：]\s*){tail}\z"
            )),
            // Chinese captions: "新华社记者 张三 摄" (photographed by), "新华社发" (handed out).
            photo_right: re(
                r"(?i)\A\s*(?:photos?|photograph|pictures?|pics?|images?|fotos?|bild|imagen|imagem|(?:자료\s*)?사진|写真|照片|图片|圖片|(?:记者|記者|特约记者|特派记者|通讯员|通訊員)\s*[\p{Han}·]{1,8}(?:\s*[、，,和]\s*[\p{Han}·]{1,8}){0,3}\s*[摄攝]|[发發](?:\s*[（(][^）)\n]{0,24}[摄攝]\s*[）)]|[ \t]*(?:\n|\z)|\s*[）)])|[图圖]\s*[）)])",
            ),
            photo_via: re(
                r"(?i)\A(?:\s+via\s+getty(?:\s+images)?|\s*/\s*(?:getty(?:\s+images)?|files?|archives?|archivo|arquivo|pool|handout|str|stringer))",
            ),
            photo_name_right: re(&format!(r"\A[ \t]*/[ \t]*({PHOTOGRAPHER})")),
            slash_closes: re(r"\A[ \t]*/[ \t]*(?:[.,:;\-–—]|\z)"),
            agency_word_before: re(
                r"(?:\A|[^\p{L}\p{M}\p{N}_])(?i:(?:news\s+|press\s+)?agenc(?:y|ia|ija|iji|ije|e)|agenzia|agência|agentūr(?:a|ai|os)|aģentūr(?:a|ai|as)|uudisteagentuur(?:i|ile)?|агентств[оау]|агенциј[аеи]|информагентств[оау]|nachrichtenagentur|ajans(?:ı)?|persbureau|nyhetsbyrån|uutistoimisto)[ \t\x{A0}]+\z",
            ),
            via_right: re(r"\A[ \t]+via[ \t]+"),
            photo_abbreviation_left: re(&format!(r"(?:{PHOTO_ABBREVIATIONS})\.[ \t]*\z")),
            members_right: re(
                r"\A[ \t\x{A0}]+(?i:officials?|govt|ministers?|ministry|police|authorities|operators?|department|secretariat|assembly|legislators?)(?:[^\p{L}\p{M}\p{N}_]|\z)",
            ),
            noun_phrase_left: re(
                r"(?i)(?:\A|[^\p{L}\p{M}\p{N}_])(?:according\s+to|citing)(?:\s+the)?\s+\z",
            ),
            other_body_left: re(
                r"(?:\A|[^\p{L}\p{M}\p{N}_])(?i:broadcaster|channel|television|tv|party|airline|railway|police|military|army|navy|bank)[ \t\x{A0}]+\z",
            ),
            photographer_goes_on: re(
                r"\A[ \t]+\p{Lu}[\p{L}\p{M}'’.\-]*(?:[ \t]+\p{Lu}[\p{L}\p{M}'’.\-]*){0,3}[ \t]*/",
            ),
            photo_word_left: re(&format!(
                r"(?:\A\s*[(（]?|{SENTENCE_END}[ \t]+)((?i:photos?|fotos?|beeld))[ \t]+\z"
            )),
            caption_ja: re(r"＝[^\n。＝]{0,40}?[0-9０-９]{1,2}日[^\n。]{0,60}（\z"),
            // The relaying agency's name after a foreign agency's: "…（AFP時事）", "…（AP＝共同）".
            caption_ja_relayed: re(
                r"＝[^\n。＝]{0,40}?[0-9０-９]{1,2}日[^\n。]{0,60}（[\p{Latin}\p{Katakana}ー・]{1,16}[＝=]?\z",
            ),
            relay_jp_right: re(r"\A[＝=]?(?:時事|共同)"),
            relay_jp_left: re(
                r"[（【][^（）【】\n]{0,40}?[\p{Latin}\p{Katakana}ー・]{1,16}[＝=]?\z",
            ),
            photo_dash_name_right: re(&format!(r"\A[ \t]+[/\-–][ \t]+{PHOTOGRAPHER}")),
            photo_name_left: re(&format!(
                r"(?:\A|[^\p{{L}}\p{{M}}\p{{N}}_])({PHOTOGRAPHER})[ \t]*/[ \t]*\z"
            )),
            // A photo caption's words: opening the line ("This file photo shows", "Photo taken
            // …", "In this image"), or anywhere in it ("… is pictured", "(PHOTO NOT FOR SALE)").
            caption_line: re(
                r"(?i)\A\s*(?:(?:this|the|an?)\s+(?:[\p{L}\-]+,?\s+){0,2}?(?:photo(?:graph)?|picture|image|screenshot|screen\s+grab)s?\b|(?:file\s+)?photos?\s+(?:taken|shows|provided|released)\b|in\s+(?:this|these)\s+(?:[\p{L}\-]+\s+){0,2}?(?:photo(?:graph)?|picture|image)s?\b)|\((?:photo|picture)\s+not\s+for\s+sale\)|\b(?:is|are)\s+(?:pictured|seen\s+in\s+(?:this|a)\s+(?:photo|picture|image))\b|\bphotos?\s+(?:taken|provided\s+by)\b",
            ),
            // "… on January 21, 2024.", and the day first: French "le 2 mars 2026.", Spanish
            // "el 2 de marzo de 2026.", Italian "il 2 marzo 2026.", Portuguese "em 2 de março de
            // 2026.", German "am 2. März 2026.".
            caption_dated: re(
                r"(?i)(?:\b(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)\s+\d{1,2},|\b\d{1,2}(?:er|\.)?\s+(?:de\s+)?(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|april|septembre|octobre|novembre|d[ée]cembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|dezembro|januar|jänner|februar|märz|juni|juli|august|september|oktober|november|dezember)(?:\s+de)?)\s+\d{4}\s*\.?\s*\z",
            ),
            // A sentence's end inside a line: a lower-case word of three letters or more (four
            // after a capital, so "Sept." is none), or a number, then a stop and a capital
            // ("Jan. 21" and "Mr. Lee" are none).
            sentence_break: re(r"(?:[^\p{Lu}\p{Ll}]\p{Ll}{3,}|\p{Ll}{4,}|\d)[.!?]\s+\p{Lu}"),
            photo_eq_left: re(r"\[\s*(?:[^\[\]\n=＝]{1,40}([=＝])\s*)?\z"),
            photo_eq_right: re(r"\A\s*(?:([=＝])\s*[^\[\]\n=＝]{1,40}?)?\s*\]"),
            citation_left: re(&format!(
                r"(?i)(?:\A|[^\p{{L}}\p{{M}}\p{{N}}_])(?:{citation_left})(?:\s+{CYRILLIC_REPORTER})?\s*(?:{ART})?(?:{ADJ})?(?:{AGENCY_WORD})?(?:{ART})?[«„]?\z"
            )),
            citation_arabic_left: re(&format!(
                r"(?:\A|[^\p{{L}}\p{{M}}\p{{N}}_])(?:{arabic_verbs}\s+(?:[\p{{L}}\p{{M}}]+\s+){{0,3}}?(?:[وف]?ل)?|[وف]?ل)(?:(?:وكالة|وكالت)(?:\s+(?:الأنباء|أنباء|الانباء))?\s+)?\z"
            )),
            citation_cjk_left: re(r"(?:[据據]\p{Han}{0,4}?|援引|引述|引用)\s*\z"),
            citation_right: re(&format!(
                r"(?i)\A(?:(?:\s*,)?\s+(?:(?:news\s+)?agency\s+)?(?:has\s+|had\s+|have\s+|was\s+|were\s+)?(?:later\s+|also\s+|earlier\s+|first\s+)?(?:{citation_right})|['’]\p{{L}}{{1,4}}\s+(?:haberine\s+)?göre|['’]\p{{L}}{{1,3}}\s+(?:konuşan|konuştu|yaptığı\s+açıklama\p{{L}}*)|:\p{{L}}{{1,3}}\s+(?:tietojen\s+)?mukaan|[-‐](?:anfrage|informationen)|-(?:vel|val|nek|nak)\s+(?:közölte|mondta|nyilatkozta)|/ipsos|-norc)"
            )),
            citation_cjk_right: re(
                r"\A\s*(?:通信)?社?(?:报道|報道|报导|報導|消息|援引|引述|によると|によれば|が報じた|が伝えた|は[^。\n]{0,60}?(?:報じた|伝えた|報道した)|の取材に)|\A\s*(?:통신)?(?:에\s*따르면|(?:은|는|이|가)\s+[^.\n]{0,60}?(?:보도(?:했다|했|한|하고)?|전했다))|\A\s*(?:รายงาน|เปิดเผย)",
            ),
            citation_said_right: re(r"(?i)\A\s+(?:later\s+|also\s+|earlier\s+)?(?:said|says)"),
            names_news_agency: re(r"(?i)news\s+agency"),
            citation_named_left: re(
                r"(?i)(?:\A|[^\p{L}\p{M}\p{N}_])(?:(?:news\s+)?agency|uutistoimisto|persbureau|nyhetsbyrån|nyhedsbureauet|nachrichtenagentur|aģentūr(?:a|ai|as)|agentūr(?:a|ai|os)|uudisteagentuur(?:i|ile)?)\s+\z",
            ),
            // English; Finnish "Uutistoimisto Reuters kertoo"; Dutch, Swedish, Norwegian,
            // Danish, German "meldt", "rapporterar", "skriver", "berichtete"; Latvian, Lithuanian
            // "Kā aģentūrai LETA pastāstīja", "agentūrai ELTA sakė".
            citation_named_right: re(
                r"(?i)\A\s+(?:said|says|reported|reports|quoted|cited|kertoo|kertoi|uutisoi|uutisoivat|raportoi|raportoivat|meldt|meldde|rapporterar|rapporterade|rapporterer|rapporterte|skriver|skrev|berichtet|berichtete|meldet|meldete|pastāstīja|sacīja|paziņoja|informēja|ziņo|ziņoja|sakė|pranešė|teigė|informavo)",
            ),
            byline_by_left: re(&format!(
                r"\A\s*(?:(?i:(?:story|text|report|written|reported|compiled)\s+by|by|por|par|von|di|door|av|af)(?:\s*:\s*|\s+)|(?i:autors|autorius|autor|author|автор)\s*:\s*)(?:{names}\s*(?:[,|/(（–—\-]|\s(?i:for|para|pour|für|per)\s)\s*|{names}\s+)?{tail}\z"
            )),
            byline_by_right: re(&format!(r"\A\s*[)）]?\s*(?:{ROLE})?\s*(?:\z|[|·•,;–—\-])")),
            // The dateline following a byline on its line, as a scrape joins them: "By JANE DOE
            // Associated Press WASHINGTON (AP) —", "By AFP Khartoum —".
            byline_dateline_right: re(
                r"\A[ \t]+\p{Lu}[\p{L}.'’\-]*(?:[ \t,]+\p{Lu}[\p{L}.'’\-]*){0,3}[ \t]*(?:\(|[—–\-])",
            ),
            byline_plain_left: re(&format!(r"\A\s*{names}\s*[,|]\s*{tail}\z")),
            // "Pedro Alves - Repórter da Agência Brasil", "Jane Doe, correspondent of AFP".
            byline_role_left: re(&format!(
                r"\A\s*{names}\s*[,|\-–—]\s*(?i:rep[óo]rter(?:a|in)?|correspondente?|corresponsal|correspondant(?:e)?|corrispondente|korrespondent(?:in)?|enviad[oa]\s+especial|envoy[ée]e?\s+sp[ée]ciale?|inviat[oa]|journaliste|giornalista)\s+(?i:d[aoe]s?|of|for|von|der|de\s+la|dell['’]|della|del|de\s+l['’])?\s*{tail}\z"
            )),
            byline_with_left: re(&format!(
                r"\A\s*(?i:by|por|par|von|di|door|av|af)\s+{names}\s+(?i:with|avec|con|mit)\s+{tail}\z"
            )),
            byline_plain_right: re(&format!(r"\A\s*(?:{ROLE})?\s*(?:\z|[|·•])")),
            dateline_left: re(&format!(
                r"\A\s*{TAG}(?:(?P<place>{place}){SEGMENT}*\s*(?:[-–—]\s*)?)?(?P<open>[(（]|/(?:\s*(?i:корр|спец\.\s*корр|corr)\.|\s*\p{{Lu}}[\p{{L}}\-]+(?:\s+\p{{Lu}}[\p{{L}}\-]+){{1,2}}\s*,)?)\s*\z"
            )),
            dateline_right: re(&format!(
                r"\A(\s*(?:[/\-]\p{{L}}{{1,8}}\s*|\s+(?i:breakingviews)\s*)?[)）]((?:\s*(?:{MARKUP}\s*)*\.?\s*{DASH}+|\s*[:：]))?)(?:\s*[.।۔](?:\s|\z))?",
            )),
            dateline_slash_right: re(
                r"\A(\s*(?:\s\p{Lu}[\p{L}.\-]*(?:\s+\p{Lu}[\p{L}.\-]*){0,2}\s*)?/((?:\s*[.।۔]?\s*[-–—]+|\s*[:：]))?)(?:\s*[.।۔](?:\s|\z))?",
            ),
            dateline_first_right: re(&format!(
                r"\A\s*[)）]\s*[-–—]+\s*{place}(?:\s*,\s*{DATE_SEGMENT})*\s*[-–—]+"
            )),
            dateline_eq_left: re(r"\A\s*[(（]\s*[^()（）=＝\n]{1,40}[=＝]\s*\z"),
            dateline_eq_right: re(
                r"\A\s*[)）](?:[ \t]*[^=＝()（）\n]{0,40}?(?:기자|특파원|통신원)[ \t]*[=＝])?",
            ),
            dateline_dash_left: re(&format!(
                r"\A\s*{TAG}(?P<place>{place}){SEGMENT}*\s*[-–—]+\s*\z"
            )),
            dateline_bare_left: re(&format!(
                r"\A\s*{TAG}(?P<place>{place}){SEGMENT}*\s*[.,،۔]?\s*\z"
            )),
            dateline_after: re(r"\A(?:\s*[-–—]+|\s*[.,:：۔।،](?:\s|\z)|\s*\z)"),
            dateline_dash_after: re(r"\A\s*[-–—]+"),
            dateline_year_end: re(r"\p{N}{4}\s*(?:م|هـ|ه|г\.?|года|року|年)?\s*[.,،]?\s*\z"),
            dateline_relay_left: re(r"\A\s*[(（]\s*[^()（）=＝\n]{0,40}\z"),
            dateline_relay_right: re(r"\A\s*[=＝]\s*[^()（）=＝\n]{1,20}?[)）]"),
            dateline_jp_left: re(r"(?:【[^【】\n]{0,40}|\A\s*［[^［］\n]{0,40})\z"),
            dateline_jp_right: re(r"\A\s*[】］]"),
            dateline_cjk_left: re(r"\A\s*[(（【\[]?\s*\z"),
            dateline_cjk_right: re(
                r"\A\s*(?:\p{Han}{1,12}?\s*(?:\d{2,4}\s*年\s*)?(?:\d{1,2}\s*月\s*)?(?:\d{1,2}\s*日\s*)?|(?:\d{2,4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日\s*)[电電]",
            ),
            end_lead_left: re(&lead_left(&end_leads)),
            end_source_left: re(&lead_left(&source_leads)),
            source_fields_right: re(
                r"(?i)\A\s*(?:[|·•]|(?:published|updated|posted|editor|date|time|by)\s*[:：])",
            ),
            end_any_left: re(&format!(
                r"(?i)(?:\A|[^\p{{L}}\p{{M}}\p{{N}}_])(?:{end_anywhere})\s*{tail}\z"
            )),
            end_rights: re(
                r"(?i)\A\s*[.,]?\s*(?:all\s+rights\s+reserved|todos\s+los\s+derechos\s+reservados|tous\s+droits\s+r[ée]serv[ée]s|alle\s+rechte\s+vorbehalten|todos\s+os\s+direitos\s+reservados|tutti\s+i\s+diritti\s+riservati)\.?",
            ),
            // "Avec AFP", "Source AFP", Vietnamese "Theo TTXVN" ending their line; and a French
            // paper's signature, its
            // name and "avec" at the line start: "Le Parisien avec AFP", "Le Courrier de
            // l'Ouest avec AFP" (capitalised words, with the particles between them).
            end_short_left: re(&format!(
                r"(?i)(?:(?:\A\s*[*•]?\s*(?:{DASH}\s*)?[(\[]?\s*|{SENTENCE_END}\s+(?:{DASH}\s*)?[(\[]?\s*|[(\[]\s*)(?:avec|with|mit|con|com|sources?|fuentes?|quellen?|fontes?|theo)\s+|\A\s*(?:(?-i:(?:[ldLD]['’])?[\p{{Lu}}\p{{N}}])[\p{{L}}\p{{M}}\p{{N}}'’.\-]*\s+(?:(?-i:de|du|des|la|le|les|et|sur|en)\s+)?){{1,5}}avec\s+){tail}\z"
            )),
            // A bracket, slash or dash opening a short credit at a line start or after a
            // sentence ("(EFE)", "—EFE", "/Ritzau/"), also after Deutsche Welle's editors'
            // initials: "jm/mb (AFP, Reuters)"; and after the end mark of Dow Jones' wire,
            // "(END) Dow Jones Newswires".
            end_mark_left: re(&format!(
                r"(?:(?:\A\s*(?:{MARKUP}\s*)*|{SENTENCE_END}\s*|\A\s*\p{{Ll}}{{1,5}}(?:/\p{{Ll}}{{1,5}})+\s+)[(\[（/](?:\p{{Ll}}{{2,5}}\s*,\s*)?(?:\p{{Ll}}{{2,5}}/)*|(?:\A\s*(?:{MARKUP}\s*)*|{SENTENCE_END}\s*|\s){DASH}{{1,2}}|\A\s*\((?i:end)\))\s*\z"
            )),
            // What may end a short credit's line: a bracket, a stop, an editor's initials
            // after a slash ("AFP/dpa/mm"), Lusa's "/Fim", or a desk's initials and media
            // markers after a space ("EFE mad/cg (foto)", PTI's "PTI ABC DEF").
            end_tail: re(&format!(
                r"\A(?:/(?:\p{{Ll}}{{1,5}}|Fim|FIM))*(?:\s*,\s*\d{{1,2}}\.\s?\d{{1,2}}\.\s?(?:\d{{4}}|\d{{2}}))?(?:\s+(?i:inputs?)|\s+इनपुट(?:\s+के\s+साथ)?)?\s*[)）\]/]?\s*[.।۔]?(?:\s+{INITIALS}|(?:\s+\p{{Lu}}{{2,4}}){{1,5}})?(?:\s*{MEDIA})*\s*(?:{MARKUP}\s*)*\z"
            )),
            end_trailer: re(&format!(
                r"\A(?:\s|{MARKUP})*(?:{INITIALS}(?:\s*{MEDIA})*(?:\s|{MARKUP})*)?\z"
            )),
            end_signoff_left: re(&format!(r"{SENTENCE_END}[ \t]+(?:{MARKUP}\s*)*\z")),
            // The agency alone on its line, perhaps after an editor's initials ("mbo/dpa").
            end_bare_left: re(&format!(
                r"\A(?:[\s*•—–\-]|{MARKUP})*(?:\p{{Ll}}{{2,5}}/)*\z"
            )),
            end_claim_right: re(
                r"(?i)\A\s+(?:(?:is\s+)?solely\s+responsible\s+for\s+(?:all\s+|this\s+)?content|(?:was|were)\s+(?:first|originally)\s+(?:published|distributed)|(?:was|were|has\s+been|have\s+been)\s+used\s+in\s+(?:this|the)\s+(?:report|story|article))",
            ),
            byline_bare_left: re(&format!(r"\A(?:\s|{MARKUP})*\z")),
            // A byline's line naming people only: "By JANE DOE", "By Jane Doe and John Roe".
            byline_by_line: re(r"\A\s*(?i:by|por|par|von|di)\s+(?:[\p{L}\p{M}.'’\-]+\s*){1,6}\z"),
            // What may follow the agency on an author line: its staff or newsroom.
            byline_staff_right: re(r"\A[ \t]*(?:(?i:staff|newsroom|desk)[ \t]*)?\r?\z"),
            // A writer's name alone on a line: two to four capitalised words, no stop at the end.
            name_line: re(&format!(
                r"\A(?:{MARKUP}\s*)*\p{{Lu}}[\p{{L}}\p{{M}}'’.\-]*(?:[ \t]+\p{{Lu}}[\p{{L}}\p{{M}}'’.\-]*){{1,3}}[ \t]*(?:{MARKUP}\s*)*\z"
            )),
            // A time stamp opening a line: "January 21, 2024", "21 January 2024",
            // "Published: Jan. 21, 2024", "2024-01-21", "21.01.2024".
            stamp_line: re(
                r"(?i)\A(?:(?:published|updated|posted|last\s+updated)\s*:?\s*)?(?:(?:mon|tue|wed|thu|fri|sat|sun)\p{L}*\.?,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+\p{L}{3,9}\.?,?\s+\d{4}|\p{L}{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})",
            ),
            // The agency as a page's author line: "Press Trust of India | Updated: …".
            byline_stamp_right: re(
                r"(?i)\A\s*[|·•]\s*(?:(?:last\s+)?updated|published|posted|first\s+published)\b",
            ),
            end_contrib_right: re(
                r"(?i)\A(?:\s+(?:writers?|reporters?|journalists?|correspondents?|staff(?:\s+writers?)?|photographers?|researchers?|videographers?)(?:[^\p{L}][^.\n]{0,120}?)?)?\s+(?:also\s+)?contributed(?:\s+(?:reporting|to\s+this\s+(?:report|story|article)))?",
            ),
            reuters_house: re(
                r"[(\[]\s*(?:(?:[Aa]dditional\s+)?[Rr]eporting\s+by|[Ww]riting\s+by|[Cc]ompiled\s+by|[Rr]eporte\s+de|[Rr]eportaje\s+de|[Rr]eportagem\s+de|[Rr]eportage|[Bb]erichterstattung|[Rr]eporter(?:in)?:)\s[^()\[\]\n]{1,300}?(?:[Ee]diting\s+by|[Ee]dited\s+by|[Ee]ditado\s+(?:en\s+español\s+)?por|[Ee]dición\s+de|[Ee]dição\s+de|[ée]dité\s+par|[Vv]ersion\s+française|[Rr]edigiert\s+von|[Bb]earbeitet\s+von)(?:[^()\[\]\n]|\([^()\[\]\n]*\))*[)\]]",
            ),
            // The same line as reuters.com prints it, without brackets: alone on its line, the
            // reporters, a semicolon, then the editors ("Reporting by Jane Doe in London;
            // Editing by John Roe").
            house_by_staff: re(
                r"\A[(\[]?\s*[Rr]eporting\s+by\s+(?:(?i:our|the)\s+)?(?i:staff)\s*[;,)\]]",
            ),
            reuters_house_line: re(
                r"\A[ \t]*(?:(?:[Aa]dditional\s+)?[Rr]eporting\s+by|[Ww]riting\s+by)\s[^()\[\]\n;]{1,200};(?:[^()\[\]\n;]{1,200};){0,3}[ \t]*(?:[Ee]diting\s+by|[Ee]dited\s+by)\s[^()\[\]\n;]{1,150}?[ \t]*\.?[ \t\r]*\z",
            ),
        }
    }
}

#[cfg(test)]
#[path = "credits_tests.rs"]
mod tests;
