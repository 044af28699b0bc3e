//! Polku's own search engine against the obvious library, tantivy, configured the
//! usual way (Snowball stemmers for fi/sv/en per field, field boosts like Polku's,
//! fuzzy matching of one edit): the same residents' queries, first for finding
//! the right service (in the first five, on the demo county, then the labelled set
//! of `data/search/queries.tsv` on 20,000 synthetic services), then for speed. Run: cargo bench -p app --bench versus_tantivy

use app::synthetic;
use chrono::NaiveDate;
use domain::reference::Reference;
use domain::{Catalog, Lang};
use search::{Filters, Query, SearchIndex, Sort};
use std::hint::black_box;
use std::time::{Duration, Instant};
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value};
use tantivy::tokenizer::{Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer};
use tantivy::{Index, IndexReader, TantivyDocument, doc};

/// (query, the service a resident means) from `data/search/first-five.tsv`.
fn first_five() -> Vec<(&'static str, &'static str)> {
    include_str!("../../../data/search/first-five.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| l.split_once('\t'))
        .collect()
}

struct Tantivy {
    index: Index,
    reader: IndexReader,
    id: Field,
    fields: Vec<(Field, f32)>,
}

fn tantivy_index(catalog: &Catalog) -> Tantivy {
    let mut builder = Schema::builder();
    let id = builder.add_text_field("id", STRING | STORED);
    let mut fields = Vec::new();
    let mut by_part = Vec::new();
    for (part, boost) in [("name", 4.0), ("keywords", 3.0), ("summary", 1.5), ("description", 1.0)] {
        for lang in Lang::ALL {
            let options = TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(lang.code())
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            );
            let field = builder.add_text_field(&format!("{part}_{}", lang.code()), options);
            fields.push((field, boost));
            by_part.push((part, lang, field));
        }
    }
    let index = Index::create_in_ram(builder.build());
    for (lang, language) in
        [(Lang::Fi, Language::Finnish), (Lang::Sv, Language::Swedish), (Lang::En, Language::English)]
    {
        let analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(Stemmer::new(language))
            .build();
        index.tokenizers().register(lang.code(), analyzer);
    }
    let mut writer: tantivy::IndexWriter = index.writer(100_000_000).expect("writer");
    for service in catalog.services.values() {
        let mut document = doc!(id => service.id.as_str());
        for (part, lang, field) in &by_part {
            let text = match *part {
                "name" => service.name.get(*lang).unwrap_or("").to_owned(),
                "keywords" => service.keywords.get(*lang).join(" "),
                "summary" => service.summary.get(*lang).unwrap_or("").to_owned(),
                _ => service.description.get(*lang).unwrap_or("").to_owned(),
            };
            document.add_text(*field, text);
        }
        writer.add_document(document).expect("add");
    }
    writer.commit().expect("commit");
    let reader = index.reader().expect("reader");
    Tantivy { index, reader, id, fields }
}

impl Tantivy {
    fn search(&self, text: &str, limit: usize) -> Vec<String> {
        let mut parser = QueryParser::for_index(&self.index, self.fields.iter().map(|(f, _)| *f).collect());
        for (field, boost) in &self.fields {
            parser.set_field_boost(*field, *boost);
            parser.set_field_fuzzy(*field, false, 1, true);
        }
        let (query, _errors) = parser.parse_query_lenient(text);
        let searcher = self.reader.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score()).expect("search");
        top.into_iter()
            .filter_map(|(_, address)| {
                let document: TantivyDocument = searcher.doc(address).ok()?;
                document.get_first(self.id).and_then(|v| v.as_str().map(str::to_owned))
            })
            .collect()
    }
}

fn polku_query(text: &str) -> Query {
    Query {
        text: text.into(),
        lang: Lang::Fi,
        on: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default(),
        filters: Filters::default(),
        sort: Sort::Relevance,
        page: 1,
        per_page: 20,
    }
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 * p) as usize).min(samples.len() - 1)]
}

fn main() {
    // 1. Finding the right service, on the demo county.
    let demo = app::demo::document().and_then(|d| d.into_catalog().map_err(app::AppError::Invalid)).expect("demo");
    let polku = SearchIndex::build(&demo, Reference::get());
    let tantivy = tantivy_index(&demo);
    println!("query                        Polku  tantivy   (right service in the first five?)");
    let (mut polku_hits, mut tantivy_hits) = (0, 0);
    let cases = first_five();
    for (text, expected) in &cases {
        let mut query = polku_query(text);
        query.per_page = 5;
        let ours = polku.search(&query).hits.iter().any(|h| h.service.as_str() == *expected);
        let theirs = tantivy.search(text, 5).iter().any(|id| id == expected);
        polku_hits += usize::from(ours);
        tantivy_hits += usize::from(theirs);
        let mark = |ok: bool| if ok { "yes" } else { "NO" };
        println!("{text:<28} {:>5}  {:>7}", mark(ours), mark(theirs));
    }
    println!("found in the first five: Polku {polku_hits}/{n}, tantivy {tantivy_hits}/{n}", n = cases.len());

    // 2. The labelled set (data/search/queries.tsv) on the national-size synthetic catalog.
    let big = synthetic::catalog(20_000, 60_000, 42).expect("synthetic");
    let started = Instant::now();
    let polku = SearchIndex::build(&big, Reference::get());
    let polku_build = started.elapsed();
    let started = Instant::now();
    let tantivy = tantivy_index(&big);
    let tantivy_build = started.elapsed();
    let labelled = app::quality::labelled();
    let on = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    let ours = app::quality::run(&polku, &labelled, 5, on);
    let mut by_kind: std::collections::BTreeMap<&str, (usize, usize, usize)> = Default::default();
    for (q, o) in labelled.iter().zip(&ours) {
        let theirs = tantivy.search(&q.text, 5).iter().any(|id| {
            let id = domain::Id::parse(id).map(|i| app::quality::template(&i).to_owned()).unwrap_or_default();
            q.expected.contains(&id)
        });
        let entry = by_kind.entry(q.kind.as_str()).or_default();
        entry.0 += 1;
        entry.1 += usize::from(o.hit);
        entry.2 += usize::from(theirs);
    }
    println!("\nlabelled set on 20,000 services (right service in the first five), kind: Polku / tantivy / queries");
    for (kind, (n, a, b)) in &by_kind {
        println!("  {kind:<11} {a:>4} {b:>8} {n:>8}");
    }
    let (n, a, b) = by_kind.values().fold((0, 0, 0), |t, v| (t.0 + v.0, t.1 + v.1, t.2 + v.2));
    println!("  {:<11} {a:>4} {b:>8} {n:>8}", "all");

    // 3. Speed, on 20,000 services.
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for round in 0..3_000 {
        let (text, _) = cases[round % cases.len()];
        let query = polku_query(text);
        let t = Instant::now();
        black_box(polku.search(&query));
        ours.push(t.elapsed());
        let t = Instant::now();
        black_box(tantivy.search(text, 20));
        theirs.push(t.elapsed());
    }
    println!(
        "\n20,000 services, {} queries each, top 20:\n  Polku:   p50 {:?}, p99 {:?}, index build {:?}\n  tantivy: p50 {:?}, p99 {:?}, index build {:?}",
        ours.len(),
        percentile(&mut ours, 0.5),
        percentile(&mut ours, 0.99),
        polku_build,
        percentile(&mut theirs, 0.5),
        percentile(&mut theirs, 0.99),
        tantivy_build
    );
}
