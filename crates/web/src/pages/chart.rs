//! SVG bar charts laid out from the widths of their texts, so that no label is clipped
//! at an edge or drawn over a bar's value. Widths are estimated from per-character
//! advance widths of common sans-serif faces, rounded up: a label may get a little more
//! room than it needs, never less.

use maud::{Markup, html};

/// The estimated width in pixels of `s` set at `size` pixels in a sans-serif face.
pub fn text_width(s: &str, size: f64) -> f64 {
    let em: f64 = s
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | '(' | ')' => 0.34,
            'f' | 't' | 'r' | ' ' | '-' | '\u{a0}' | '\u{202f}' => 0.42,
            'm' | 'w' | 'M' | 'W' | '%' | '@' | '—' => 0.98,
            'A'..='Z' | 'Å' | 'Ä' | 'Ö' | '€' | '≠' | '−' | '+' | '–' => 0.76,
            '0'..='9' => 0.66,
            _ => 0.64,
        })
        .sum();
    em * size
}

/// `s` broken at spaces into lines no wider than `max` (the last of at most `lines`
/// lines shortened with "…" if the text goes on).
pub fn wrap(s: &str, max: f64, size: f64, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in s.split_whitespace() {
        let candidate = if current.is_empty() { word.to_owned() } else { format!("{current} {word}") };
        if text_width(&candidate, size) <= max || current.is_empty() {
            current = candidate;
        } else {
            out.push(std::mem::take(&mut current));
            current = word.to_owned();
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    if out.len() > lines {
        out.truncate(lines);
        let last = out.last_mut().map(std::mem::take).unwrap_or_default();
        out.push(last + "…");
        out.swap_remove(lines - 1);
    }
    for line in &mut out {
        while text_width(line, size) > max && line.chars().count() > 1 {
            let mut chars: Vec<char> = line.chars().collect();
            chars.pop();
            while chars.last() == Some(&'…') || chars.last() == Some(&' ') {
                chars.pop();
            }
            *line = chars.into_iter().collect::<String>() + "…";
        }
    }
    out
}

const LABEL_SIZE: f64 = 12.0;
const VALUE_SIZE: f64 = 11.0;
const MAX_LABEL: f64 = 250.0;
const HALF: f64 = 190.0;
const GAP: f64 = 6.0;
const LINE: f64 = 14.0;

/// One bar: its label, the gain (right of the axis) and the loss (left), and the texts of both.
pub struct Bar {
    pub label: String,
    pub gained: u64,
    pub lost: u64,
    pub gained_text: String,
    pub lost_text: String,
}

/// A diverging bar chart: losses to the left of the axis, gains to the right, each bar's
/// figure beside it with its sign. Losses are hatched as well as red, so they differ from
/// gains without colour too. The numbers are also in the table beside it.
pub fn diverging(title: &str, bars: &[Bar], id: &str) -> Markup {
    let label_w = bars.iter().map(|b| text_width(&b.label, LABEL_SIZE)).fold(40.0, f64::max).min(MAX_LABEL);
    let lost_w = bars.iter().map(|b| text_width(&b.lost_text, VALUE_SIZE)).fold(0.0, f64::max) + GAP;
    let gained_w = bars.iter().map(|b| text_width(&b.gained_text, VALUE_SIZE)).fold(0.0, f64::max) + GAP;
    let max = bars.iter().map(|b| b.gained.max(b.lost)).max().unwrap_or(0).max(1) as f64;
    let axis = GAP + label_w + GAP + lost_w + HALF;
    let width = axis + HALF + gained_w + GAP;
    let mut top = 4.0;
    let rows: Vec<(Vec<String>, f64)> = bars
        .iter()
        .map(|b| {
            let lines = wrap(&b.label, label_w, LABEL_SIZE, 2);
            let row_h = LINE * lines.len() as f64 + 8.0;
            let mid = top + row_h / 2.0;
            top += row_h;
            (lines, mid)
        })
        .collect();
    let height = top + 4.0;
    let pattern = format!("{id}-hatch");
    html! {
        figure class="chart" {
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {width:.0} {height:.0}")) width=(format!("{width:.0}"))
                role="img" aria-labelledby=(id) {
                title id=(id) { (title) }
                defs {
                    pattern id=(pattern) width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)" {
                        rect width="6" height="6" class="loss" {}
                        line x1="0" y1="0" x2="0" y2="6" class="hatch" {}
                    }
                }
                line x1=(format!("{axis:.1}")) y1="0" x2=(format!("{axis:.1}")) y2=(format!("{height:.0}")) class="axis" {}
                @for (bar, (lines, mid)) in bars.iter().zip(&rows) {
                    @let mid = *mid;
                    @let g = bar.gained as f64 / max * (HALF - 2.0);
                    @let l = bar.lost as f64 / max * (HALF - 2.0);
                    @let first = mid - (lines.len() as f64 - 1.0) * LINE / 2.0 + 4.0;
                    text x=(format!("{:.1}", GAP + label_w)) y=(format!("{first:.1}")) text-anchor="end" class="label" {
                        @for (k, line) in lines.iter().enumerate() {
                            tspan x=(format!("{:.1}", GAP + label_w)) dy=(if k == 0 { "0" } else { "14" }) { (line) }
                        }
                    }
                    rect x=(format!("{:.1}", axis - l)) y=(format!("{:.1}", mid - 7.0)) width=(format!("{l:.1}")) height="14"
                        fill=(format!("url(#{pattern})")) class="loss-bar" {}
                    rect x=(format!("{axis:.1}")) y=(format!("{:.1}", mid - 7.0)) width=(format!("{g:.1}")) height="14" class="gain" {}
                    @if bar.lost > 0 {
                        text x=(format!("{:.1}", axis - l - 3.0)) y=(format!("{:.1}", mid + 4.0)) text-anchor="end" class="value" { (bar.lost_text) }
                    }
                    @if bar.gained > 0 {
                        text x=(format!("{:.1}", axis + g + 3.0)) y=(format!("{:.1}", mid + 4.0)) class="value" { (bar.gained_text) }
                    }
                }
            }
            figcaption { (title) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_wrap_within_their_width() {
        let label = "Tehostettu ympärivuorokautinen palveluasuminen, ikääntyneet";
        let lines = wrap(label, 200.0, 12.0, 2);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines.iter().all(|l| text_width(l, 12.0) <= 200.0), "{lines:?}");
        assert!(lines[0].starts_with("Tehostettu"), "the start is kept, not clipped: {lines:?}");
        let three = wrap("a b c d e f g h i j k l m n o p q r s t u v w x y z", 30.0, 12.0, 2);
        assert_eq!(three.len(), 2);
        assert!(three[1].ends_with('…'), "{three:?}");
        assert_eq!(wrap("Porvoo", 200.0, 12.0, 2), ["Porvoo"]);
    }

    #[test]
    fn wider_text_measures_wider() {
        assert!(text_width("mmmm", 12.0) > text_width("iiii", 12.0));
        assert!(text_width("Porvoo", 12.0) < text_width("Porvoo Porvoo", 12.0));
    }
}
