//! Requests generated from the OpenAPI document itself: for every operation with
//! parameters or a request body, values are drawn from the document's own
//! schemas (patterns through proptest's regex generator, enums, lengths,
//! ranges, required fields, `anyOf`/`oneOf` branches, the document's
//! `examples` for references to real objects), checked valid with the
//! `jsonschema` crate, and sent through the real router over the demo county.
//!
//! The server must never answer 5xx, and must not refuse a schema-valid
//! request for a schema reason. A refusal counts as a *domain* refusal, which
//! no JSON Schema can express, only when it is one of [`domain_refusal`]'s:
//!
//! - 401 `bad_credentials`: a user name and password that do not match;
//! - 404 `not_found`: the path (or a body's `service`) names no stored object;
//! - 409 `duplicate_id`: an object of that kind has the id already;
//! - 409 `stale_revision`: `If-Match` names another revision than the stored one;
//! - 409 `busy`: two plans are running already (`POST /plans`);
//! - 403 `forbidden`: the acting user's roles or lawful basis do not allow it (the test
//!   acts as a catalog editor and planner, so client data, users and the access log are
//!   refused: who may do what is ARCHITECTURE.md's permission table, tested cell by cell in
//!   `clients.rs`);
//! - 400 `invalid_field` on `hetu` for an identity code whose date or check character is
//!   wrong (a pattern cannot compute a checksum);
//! - 422 `invalid_field` where every problem is a reference to an object that
//!   does not exist (organizations, units, channels, proposals, the units of an
//!   access scenario), a date before another (`valid_to` before `valid_from`),
//!   a business id's check digit, a point inside Finland's bounding box but
//!   outside its outline, an organization as its own parent, weekly hours that
//!   close when they open, a client's other language named exactly when the language is
//!   `other`, a consent's end before today, an age group ending before it starts or beyond the
//!   population grid, or a rule file that the rule book refuses (the rules
//!   language is not JSON); a person's facts that contradict each other (more
//!   children under 3 than under 7, own income above the household's); a day
//!   with no client fee in force for the service; a plan's problem without the `p` or
//!   `minutes` it needs, both equity bounds at once, a fixed site that is not a candidate;
//! - 422 `invalid_field` on a capacity import whose every problem is a unit that does not
//!   exist (or does not offer the service, or has no such kind of place, or is no voucher
//!   producer of it), occupied places above the places, or dates out of order (entered before the
//!   decision, left before entering, placed without leaving), or one reference twice;
//! - 422 `invalid_field` on an event import whose every problem ties fields together (a
//!   kind's statuses, a t3 measurement's value and unit, `started_at` after `at` or ten years
//!   before it) or is an id sent twice, or imported before, with other content;
//! - 400 `invalid_parameter` on an indicator: a breakdown that indicator does not allow (or
//!   a dimension named twice), `from` after `to`, a range over ten years;
//! - 400 where the document can only say it in words: two coordinate pairs of
//!   a `location` that disagree, a `near` point outside Finland's outline,
//!   `sort=distance` without `near`, an `open_at` or an inbox cursor (`after`) whose day is
//!   not a calendar date.
//!
//! Everything else (400 `invalid_json`/`invalid_field`/`invalid_parameter`,
//! 413, 415, 422 for lengths, blanks, codes, enums…) is a failure: the
//! document must say what the server accepts.

use crate::{TestApp, demo_app};
use axum::body::Body;
use axum::http::{Request, header};
use chrono::NaiveDate;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Map, Value, json};

/// Generated requests per operation.
const CASES: usize = 32;
/// Fewer for the operations that simulate a population, route a county or
/// hash a password (argon2 on purpose slow): about 0.1 s each in a debug build.
const HEAVY_CASES: usize = 8;

struct Generator<'a> {
    doc: &'a Value,
    /// Choices of the generator.
    rng: StdRng,
    /// Strings matching regular expressions (proptest's generator).
    runner: TestRunner,
}

/// `base` with `extra`'s keywords on top; `properties` and `required` are merged.
fn merge(base: &Value, extra: &Value) -> Value {
    let mut out = base.as_object().cloned().unwrap_or_default();
    for (key, value) in extra.as_object().into_iter().flatten() {
        match (key.as_str(), out.get(key)) {
            ("properties", Some(Value::Object(mine))) => {
                let mut props = mine.clone();
                for (name, schema) in value.as_object().into_iter().flatten() {
                    let merged = match (props.get(name), schema) {
                        (_, Value::Bool(false)) => Value::Bool(false),
                        (Some(Value::Bool(false)), _) => Value::Bool(false),
                        (Some(existing), _) => merge(existing, schema),
                        (None, _) => schema.clone(),
                    };
                    props.insert(name.clone(), merged);
                }
                out.insert(key.clone(), Value::Object(props));
            }
            ("required", Some(Value::Array(mine))) => {
                let mut all = mine.clone();
                all.extend(value.as_array().into_iter().flatten().cloned());
                out.insert(key.clone(), Value::Array(all));
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    Value::Object(out)
}

impl Generator<'_> {
    fn rng(&mut self) -> &mut StdRng {
        &mut self.rng
    }

    fn chance(&mut self, one_in: u32) -> bool {
        self.rng().random_ratio(1, one_in)
    }

    /// A `$ref` replaced by its target, the reference's own keywords on top.
    fn resolve(&self, schema: &Value) -> Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let target = reference.trim_start_matches("#/").split('/').fold(self.doc, |node, key| &node[key]);
                let mut rest = schema.clone();
                rest.as_object_mut().map(|m| m.remove("$ref"));
                merge(&self.resolve(target), &rest)
            }
            None => schema.clone(),
        }
    }

    fn value(&mut self, schema: &Value, depth: usize) -> Value {
        let mut schema = self.resolve(schema);
        for key in ["allOf"] {
            if let Some(all) = schema.get(key).and_then(Value::as_array).cloned() {
                schema.as_object_mut().map(|m| m.remove(key));
                for part in all {
                    schema = merge(&schema, &self.resolve(&part));
                }
            }
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(branches) = schema.get(key).and_then(Value::as_array).cloned() {
                schema.as_object_mut().map(|m| m.remove(key));
                let pick = self.rng().random_range(0..branches.len());
                schema = merge(&schema, &self.resolve(&branches[pick]));
            }
        }
        if let Some(c) = schema.get("const") {
            return c.clone();
        }
        if let Some(examples) = schema.get("examples").and_then(Value::as_array).filter(|e| !e.is_empty())
            && self.chance(2)
        {
            let pick = self.rng().random_range(0..examples.len());
            return examples[pick].clone();
        }
        if let Some(choices) = schema.get("enum").and_then(Value::as_array) {
            let pick = self.rng().random_range(0..choices.len());
            return choices[pick].clone();
        }
        let types: Vec<&str> = match &schema["type"] {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ if schema.get("properties").is_some() => vec!["object"],
            _ => vec!["string"],
        };
        let kind = if types.contains(&"null") && types.len() > 1 && self.chance(4) {
            "null"
        } else {
            let others: Vec<&str> = types.iter().copied().filter(|t| *t != "null").collect();
            if others.is_empty() { "null" } else { others[self.rng().random_range(0..others.len())] }
        };
        match kind {
            "null" => Value::Null,
            "boolean" => Value::Bool(self.chance(2)),
            "integer" => {
                let min = schema["minimum"].as_i64().unwrap_or(-1_000);
                let max = schema["maximum"].as_i64().unwrap_or(1_000);
                let n = match self.rng().random_range(0..4) {
                    0 => min,
                    1 => max,
                    _ => self.rng().random_range(min..=max),
                };
                json!(n)
            }
            "number" => {
                let min = schema["minimum"].as_f64().unwrap_or(-1e6);
                let max = schema["maximum"].as_f64().unwrap_or(1e6);
                let x = match self.rng().random_range(0..6) {
                    0 => min,
                    1 => max,
                    2 => self.rng().random_range(min.ceil() as i64..=max.floor() as i64) as f64,
                    _ => self.rng().random_range(min..=max),
                };
                json!(x)
            }
            "array" => {
                let min = schema["minItems"].as_u64().unwrap_or(0) as usize;
                let max = schema["maxItems"].as_u64().map_or(min + 3, |m| (m as usize).min(min + 3));
                let n = if depth > 6 { min } else { self.rng().random_range(min..=max) };
                let items = schema.get("items").cloned().unwrap_or(json!({}));
                Value::Array((0..n).map(|_| self.value(&items, depth + 1)).collect())
            }
            "object" => {
                let required: Vec<String> = schema["required"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|r| r.as_str().map(str::to_owned))
                    .collect();
                let mut out = Map::new();
                for (name, property) in schema["properties"].as_object().cloned().unwrap_or_default() {
                    if property == Value::Bool(false) {
                        continue;
                    }
                    if required.contains(&name) || (depth < 6 && self.chance(2)) {
                        out.insert(name.clone(), self.value(&property, depth + 1));
                    }
                }
                Value::Object(out)
            }
            _ => Value::String(self.string(&schema)),
        }
    }

    fn string(&mut self, schema: &Value) -> String {
        let min = schema["minLength"].as_u64().unwrap_or(0) as usize;
        let max = schema["maxLength"].as_u64().map_or(40, |m| m as usize);
        if schema["format"] == "date" {
            let day = self.rng().random_range(0..73_000);
            let date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(day);
            return date.to_string();
        }
        if let Some(pattern) = schema["pattern"].as_str() {
            let anchored = pattern.starts_with('^') && pattern.ends_with('$');
            let inner = pattern.trim_start_matches('^').trim_end_matches('$');
            let found = proptest::string::string_regex(inner)
                .unwrap_or_else(|e| panic!("pattern {pattern}: {e}"))
                .new_tree(&mut self.runner)
                .unwrap()
                .current();
            if anchored {
                return found;
            }
            // An unanchored pattern only has to occur somewhere: pad around it.
            let room = max.saturating_sub(found.chars().count());
            let before = self.free_text(0, room / 2);
            let after = self.free_text(0, room - room / 2);
            return format!("{before}{found}{after}");
        }
        // Sometimes exactly the longest value allowed, to test the stated limit.
        if self.chance(8) {
            return self.free_text(max, max);
        }
        self.free_text(min, max.min(min + 30))
    }

    fn free_text(&mut self, min: usize, max: usize) -> String {
        let n = self.rng().random_range(min..=max.max(min));
        proptest::string::string_regex(&format!("\\PC{{{n}}}")).unwrap().new_tree(&mut self.runner).unwrap().current()
    }
}

/// Percent-encodes all but unreserved characters (and `/` where a path keeps it).
fn encode(value: &str, keep_slash: bool) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || (keep_slash && b == b'/') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A validator for one schema of the document (its `$ref`s resolve in the document).
fn validator(doc: &Value, schema: &Value) -> jsonschema::Validator {
    let mut root = schema.clone();
    if let Some(map) = root.as_object_mut() {
        map.insert("components".into(), doc["components"].clone());
    } else {
        root = json!({"allOf": [schema], "components": doc["components"]});
    }
    jsonschema::options().should_validate_formats(true).build(&root).unwrap_or_else(|e| panic!("{schema}: {e}"))
}

/// Why a refusal is one a schema cannot express, or `None`.
/// A person's facts that contradict each other (`rules::Person::settle`), which no schema can say.
fn person_facts_disagree(field: &str, problem: &str) -> bool {
    let field = field.trim_start_matches("person.");
    matches!(field, "children_under_3" | "children_under_7" | "own_income" | "household_size" | "youngest_child_age")
        && (problem.starts_with("more than")
            || problem.starts_with("smaller than")
            || problem.starts_with("given, but"))
}

fn domain_refusal(operation: &str, status: u16, body: &Value) -> Option<&'static str> {
    let code = body["code"].as_str().unwrap_or("");
    let problems: Vec<(&str, &str)> = body["details"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| (d["field"].as_str().unwrap_or(""), d["problem"].as_str().unwrap_or("")))
        .collect();
    let each =
        |allowed: &dyn Fn(&str, &str) -> bool| !problems.is_empty() && problems.iter().all(|(f, p)| allowed(f, p));
    match (status, code) {
        (401, "bad_credentials") => Some("wrong user name or password"),
        (404, "not_found") if !body["message"].as_str().unwrap_or("").starts_with("no such API endpoint") => {
            Some("no such object")
        }
        (409, "duplicate_id") => Some("the id is taken"),
        (409, "stale_revision") => Some("the object is at another revision than If-Match names"),
        (409, "busy") if operation == "startPlan" => Some("two plans are running already"),
        (403, "forbidden") => Some("the roles or the lawful basis do not allow it"),
        (400, "invalid_field")
            if each(&|field, problem| {
                field == "hetu" && (problem.contains("check character") || problem.contains("not a date"))
            }) =>
        {
            Some("an identity code's date or check character")
        }
        (422, "invalid_field") if operation == "putRuleFile" || operation == "withdrawRuleFile" => {
            Some("the rule book refuses the file")
        }
        (422, "invalid_field")
            if each(&|field, problem| {
                problem.starts_with("unknown organization")
                    || problem.starts_with("unknown unit")
                    || problem.starts_with("unknown channel")
                    || problem.starts_with("no proposal")
                    || problem.starts_with("no unit `")
                    || (problem.starts_with("unit `") && problem.ends_with("exists already"))
                    || problem.starts_with("is before")
                    || problem.contains("is not a valid business id")
                    || problem.contains("outside Finland")
                    || problem.contains("is not in Finland")
                    || problem == "an organization cannot be its own parent"
                    || problem.starts_with("equals opens")
                    || (field == "other_language"
                        && (problem.starts_with("name the language") || problem.starts_with("only when")))
                    || (field == "valid_until" && problem.contains("today or later"))
                    || problem.starts_with("no such organisation in the catalog")
                    || problem.starts_with("no such service in the catalog")
                    || (field == "age" && (problem.contains("is not an age group") || problem.contains("no age band")))
                    || problem.starts_with("no client fee for")
                    || person_facts_disagree(field, problem)
                    || problem.ends_with("is needed for this problem")
                    || problem == "give max_mean or max_spread, not both"
                    || (field.starts_with("fixed[") && problem.contains("is not a candidate site"))
                    || (field.starts_with("candidates[") && problem.contains("twice"))
            }) =>
        {
            Some("references, date order, check digits, Finland's outline, cross-field rules")
        }
        (422, "invalid_field")
            if operation == "importCapacity"
                && each(&|_, problem| {
                    problem.starts_with("no unit `")
                        || problem == "more places occupied than there are"
                        || problem == "entered the list before the decision"
                        || problem == "left the list before entering it"
                        || problem.starts_with("placed, but not left")
                        || problem == "give t3_days or the free times"
                        || problem == "the same reference twice in one import"
                        || (problem.starts_with("the unit `") && problem.contains("does not offer"))
                        || (problem.starts_with("the unit `") && problem.contains("has no places of kind"))
                        || problem.contains("is not a voucher service offered at")
                }) =>
        {
            Some("capacity rows naming units that do not exist, or dates and counts out of order")
        }
        (422, "invalid_field")
            if operation == "importEvents"
                && each(&|_, problem| {
                    problem.contains("is not a status of")
                        || problem.contains("events have no status")
                        || problem.contains("events need a status")
                        || problem.starts_with("a t3 measurement")
                        || problem.contains("is after the event itself")
                        || problem == "more than ten years before the event"
                        || problem == "the same id twice with different content"
                        || problem.contains("imported before with other content")
                }) =>
        {
            Some("events whose fields disagree with each other, or ids reused with other content")
        }
        (400, "invalid_parameter")
            if operation == "getIndicator"
                && each(&|field, problem| {
                    (field == "by"
                        && (problem.contains("cannot be broken down by") || problem.ends_with("named twice")))
                        || (field == "from" && problem.contains("is after"))
                        || (field == "to" && problem.contains("ten years"))
                }) =>
        {
            Some("the indicator's own breakdowns, date order, the longest range")
        }
        (400, "invalid_field")
            if each(&|field, problem| {
                (field == "location" || (field.starts_with("entrances[") && field.ends_with("].location")))
                    && problem.contains("disagree")
            }) =>
        {
            Some("coordinate pairs disagree")
        }
        (400, "invalid_parameter")
            if each(&|field, problem| {
                (field == "near" && problem.contains("outside Finland"))
                    || (field == "sort" && problem.contains("needs near"))
                    || (field == "open_at" && problem.contains("is not a local time"))
                    || (field == "after" && problem.contains("is not a calendar date"))
            }) =>
        {
            Some("Finland's outline, parameter dependencies, calendar dates")
        }
        _ => None,
    }
}

struct Operation {
    id: String,
    method: String,
    path: String,
    parameters: Vec<Value>,
    body: Option<Value>,
}

fn operations(doc: &Value) -> Vec<Operation> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        let shared: Vec<Value> = item["parameters"].as_array().cloned().unwrap_or_default();
        for method in ["get", "post", "put", "delete"] {
            let Some(op) = item.get(method) else { continue };
            let mut parameters = shared.clone();
            parameters.extend(op["parameters"].as_array().cloned().unwrap_or_default());
            let body = op["requestBody"]["content"]["application/json"]["schema"]
                .as_object()
                .map(|s| Value::Object(s.clone()));
            if parameters.is_empty() && body.is_none() {
                continue;
            }
            out.push(Operation {
                id: op["operationId"].as_str().unwrap().to_owned(),
                method: method.to_uppercase(),
                path: path.clone(),
                parameters,
                body,
            });
        }
    }
    out
}

fn as_query_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

async fn exercise(app: &TestApp, doc: &Value, token: &str, op: &Operation, failures: &mut Vec<String>) -> usize {
    let heavy = matches!(op.id.as_str(), "simulate" | "accessScenario" | "accessOfService" | "createSession");
    let cases = if heavy { HEAVY_CASES } else { CASES };
    let mut generator = Generator { doc, rng: StdRng::seed_from_u64(2026), runner: TestRunner::deterministic() };
    let body_validator = op.body.as_ref().map(|s| validator(doc, s));
    let param_validators: Vec<jsonschema::Validator> =
        op.parameters.iter().map(|p| validator(doc, &p["schema"])).collect();
    let mut sent = 0;
    let mut statuses = std::collections::BTreeMap::new();
    let started = std::time::Instant::now();
    for _ in 0..cases * 3 {
        if sent == cases {
            break;
        }
        let mut path = op.path.clone();
        let mut query = Vec::new();
        let mut valid = true;
        let mut path_id = None;
        let mut headers: Vec<(String, String)> = Vec::new();
        for (p, check) in op.parameters.iter().zip(&param_validators) {
            let name = p["name"].as_str().unwrap();
            let required = p["required"] == true || p["in"] == "path";
            if !required && !generator.chance(2) {
                continue;
            }
            let value = generator.value(&p["schema"], 0);
            valid &= check.is_valid(&value);
            let text = as_query_value(&value);
            if p["in"] == "path" {
                path = path.replace(&format!("{{{name}}}"), &encode(&text, name == "name"));
                path_id = Some(text);
            } else if p["in"] == "header" {
                headers.push((name.to_owned(), text));
            } else {
                query.push(format!("{name}={}", encode(&text, false)));
            }
        }
        let mut body = op.body.as_ref().map(|s| generator.value(s, 0));
        // A replacement names the object of its path.
        if op.method == "PUT"
            && let (Some(Value::Object(b)), Some(id)) = (&mut body, &path_id)
            && b.contains_key("id")
        {
            b.insert("id".into(), Value::String(id.clone()));
        }
        // A creation mostly names a new object (the document's example ids exist already).
        if op.method == "POST"
            && let Some(Value::Object(b)) = &mut body
            && b.contains_key("id")
            && b.contains_key("name")
            && !generator.chance(4)
        {
            b.insert("id".into(), Value::String(format!("generated-{}-{sent}", op.id.to_lowercase())));
        }
        if let (Some(b), Some(check)) = (&body, &body_validator) {
            valid &= check.is_valid(b);
        }
        if !valid {
            continue;
        }
        sent += 1;
        let uri =
            if query.is_empty() { format!("/api/v1{path}") } else { format!("/api/v1{path}?{}", query.join("&")) };
        let mut request = Request::builder()
            .method(op.method.as_str())
            .uri(&uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"));
        for (name, value) in &headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let payload = match &body {
            Some(b) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                b.to_string()
            }
            None => String::new(),
        };
        let reply = app.send(request.body(Body::from(payload.clone())).unwrap()).await;
        let status = reply.status.as_u16();
        *statuses.entry(status).or_insert(0) += 1;
        if status >= 500 {
            failures.push(format!("{} {uri} {payload}\n  -> {status} {}", op.method, reply.body));
        } else if status >= 400 {
            let answer: Value = serde_json::from_str(&reply.body).unwrap_or(Value::Null);
            if domain_refusal(&op.id, status, &answer).is_none() {
                failures.push(format!("{} {uri} {payload}\n  -> {status} {}", op.method, reply.body));
            }
        }
    }
    if sent * 2 < cases {
        failures.push(format!("{}: only {sent} of {cases} generated requests were valid by the schema", op.id));
    }
    eprintln!("{}: {sent} requests, answers {statuses:?} in {:?}", op.id, started.elapsed());
    sent
}

#[tokio::test]
async fn generated_requests_valid_by_the_document_are_not_refused_for_schema_reasons() {
    let app = demo_app().await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json();
    let token = app.token().await;
    let ops = operations(&doc);
    for must in [
        "createService",
        "updateService",
        "createUnit",
        "updateUnit",
        "createChannel",
        "updateChannel",
        "createOrganization",
        "updateOrganization",
        "decideEligibility",
        "simulate",
        "clientFee",
        "accessScenario",
        "searchServices",
        "listUnits",
        "listChannels",
        "listOrganizations",
        "listMunicipalities",
        "listCodes",
        "accessOfService",
    ] {
        assert!(ops.iter().any(|o| o.id == must), "{must} is not exercised");
    }
    let mut failures = Vec::new();
    let mut total = 0;
    for op in &ops {
        total += exercise(&app, &doc, &token, op, &mut failures).await;
    }
    assert!(
        failures.is_empty(),
        "{} of {total} schema-valid requests were refused for a schema reason or failed:\n{}",
        failures.len(),
        failures.iter().take(25).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// The document's code lists are the server's reference data (no drift).
#[tokio::test]
async fn the_document_lists_the_reference_codes() {
    use domain::reference::{CodeKind, Reference};
    let doc: Value = demo_app().await.get("/api/v1/openapi.json").await.json();
    let listed = |name: &str| -> Vec<String> {
        doc["components"]["schemas"][name]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let reference = Reference::get();
    let mut municipalities: Vec<String> = reference.municipalities.keys().cloned().collect();
    municipalities.sort();
    assert_eq!(listed("MunicipalityCode"), municipalities);
    for (name, kind) in [
        ("ServiceClassCode", CodeKind::ServiceClass),
        ("TargetGroupCode", CodeKind::TargetGroup),
        ("LifeEventCode", CodeKind::LifeEvent),
    ] {
        let codes: Vec<String> = reference
            .codes_of(kind)
            .map(|c| c.code.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        assert_eq!(listed(name), codes, "{name}");
    }
}
