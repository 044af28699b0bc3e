//! Every string a person reads comes from the Fluent message catalogs in
//! `locales/{fi,sv,en}.ftl`. A missing message shows as `⟦id⟧` so that tests catch it.

use domain::Lang;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub struct I18n {
    bundles: [FluentBundle<FluentResource>; 3],
}

const SOURCES: [(Lang, &str); 3] = [
    (Lang::Fi, include_str!("../locales/fi.ftl")),
    (Lang::Sv, include_str!("../locales/sv.ftl")),
    (Lang::En, include_str!("../locales/en.ftl")),
];

impl I18n {
    pub fn load() -> I18n {
        let bundles = SOURCES.map(|(lang, source)| {
            let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(resource, errors)| {
                tracing::error!(lang = lang.code(), ?errors, "message catalog has errors");
                resource
            });
            let langid = lang.code().parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            bundle.set_use_isolating(false);
            if let Err(errors) = bundle.add_resource(resource) {
                tracing::error!(lang = lang.code(), ?errors, "message catalog has duplicate messages");
            }
            bundle
        });
        I18n { bundles }
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        &self.bundles[match lang {
            Lang::Fi => 0,
            Lang::Sv => 1,
            Lang::En => 2,
        }]
    }

    pub fn t(&self, lang: Lang, id: &str) -> String {
        self.format(lang, id, None)
    }

    pub fn ta(&self, lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (k, v) in args {
            fluent_args.set(*k, v.clone());
        }
        self.format(lang, id, Some(&fluent_args))
    }

    fn format(&self, lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
        let bundle = self.bundle(lang);
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::warn!(lang = lang.code(), id, "missing message");
            return format!("⟦{id}⟧");
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(lang = lang.code(), id, ?errors, "message formatting failed");
        }
        text.into_owned()
    }

    /// Message ids of a language, for the completeness test.
    pub fn ids(&self, lang: Lang) -> Vec<String> {
        let source = SOURCES.iter().find(|(l, _)| *l == lang).map(|(_, s)| *s).unwrap_or("");
        source
            .lines()
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id))
            .filter(|id| !id.is_empty() && !id.starts_with([' ', '#', '.', '*', '[']))
            .map(str::to_owned)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_message() {
        let i18n = I18n::load();
        let mut fi = i18n.ids(Lang::Fi);
        fi.sort();
        assert!(fi.len() > 50);
        for lang in [Lang::Sv, Lang::En] {
            let mut other = i18n.ids(lang);
            other.sort();
            assert_eq!(fi, other, "{} differs from fi", lang.code());
        }
        // One message per id: with two, the later silently wins.
        let mut unique = fi.clone();
        unique.dedup();
        assert_eq!(unique.len(), fi.len(), "an id is defined twice in fi.ftl");
        for lang in Lang::ALL {
            for id in &fi {
                assert!(!i18n.t(lang, id).contains('⟦'), "{} {id}", lang.code());
            }
        }
    }
}
