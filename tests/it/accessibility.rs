//! WCAG 2.2 AA in the real browser of `browser.rs`: axe-core finds no violations on the main
//! pages, in light and in dark mode; no Arabic or Cyrillic text sits in an element that does not
//! say it is Arabic or Russian; and Tab reaches every control with a visible focus. Through the
//! router alone: names whose language no data records (sources, places, actors) are marked with
//! the `lang` and `dir` their letters suggest.
//!
//! axe-core comes from the npm registry at the version pinned in `tests/browser/package.json`;
//! `.ci/run` installs it with `npm ci`, so nothing downloads while the tests run. Without it
//! (or without chromedriver) the tests skip with a message, except under CI, where that is a
//! failure.

use std::fmt::Write as _;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{Value, json};

use statement_archive::web::{AppState, router};

use crate::browser::{Browser, browser};
use crate::support::{build_index, enc, get, repo_path, static_assets};

const AXE: &str = "tests/browser/node_modules/axe-core/axe.min.js";

/// The WCAG 2.0, 2.1 and 2.2 A and AA rules, and axe's best practices (unique landmarks, one
/// `h1`, all content in landmarks).
const AXE_RUN: &str = "const done = arguments[arguments.length - 1]; \
    axe.run(document, {runOnly: {type: 'tag', \
                                 values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', \
                                          'best-practice']}, \
                       resultTypes: ['violations']}) \
      .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, \
                                              nodes: v.nodes.length, \
                                              targets: v.nodes.slice(0, 4).map(n => n.target.join(' '))})))) \
      .catch(e => done([{id: 'axe-error', impact: 'error', help: String(e), nodes: 0, targets: []}]));";

/// axe-core's browser build, or `None` (with a message) when `npm ci` has not run outside CI.
fn axe_source() -> Option<String> {
    match std::fs::read_to_string(repo_path(AXE)) {
        Ok(source) => Some(source),
        Err(err) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "cannot read {AXE} ({err}): .ci/run installs it with `npm ci` in tests/browser"
            );
            eprintln!("skipped: {AXE} is missing ({err}); run `npm ci` in tests/browser");
            None
        }
    }
}

/// A Chrome DevTools Protocol command, sent through chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = json!({"cmd": self.cmd, "params": self.params});
        (axum::http::Method::POST, Some(body.to_string()))
    }
}

/// Makes the pages see `prefers-color-scheme: dark` (or light), as a system setting would.
async fn emulate_color_scheme(b: &Browser, scheme: &str) {
    let features = json!([{"name": "prefers-color-scheme", "value": scheme}]);
    b.client
        .issue_cmd(Cdp {
            cmd: "Emulation.setEmulatedMedia",
            params: json!({"features": features}),
        })
        .await
        .unwrap_or_else(|e| panic!("emulate prefers-color-scheme: {scheme}: {e}"));
}

/// The `href` of the first element matching `css` on the page at `path`.
async fn href_on(b: &Browser, path: &str, css: &str) -> String {
    b.open(path).await;
    let href = b
        .script(&format!(
            "const a = document.querySelector(\"{css}\"); return a && a.getAttribute('href')"
        ))
        .await;
    href.as_str()
        .unwrap_or_else(|| panic!("{path} has no {css}"))
        .to_string()
}

/// The pages the issue names, plus the indexes and a topic page.
async fn main_pages(b: &Browser) -> Vec<(&'static str, String)> {
    let english = href_on(
        b,
        "/search?q=Test-Ban+Treaty&lang=en",
        "ol.hits li.hit h3 a",
    )
    .await;
    let arabic = href_on(b, "/search?q=CTBT&lang=ar", "ol.hits li.hit h3 a").await;
    let compare = href_on(b, &english, "a[href*='/compare/']").await;
    vec![
        ("home", "/".to_string()),
        ("search", "/search?q=nuclear".to_string()),
        (
            "Arabic search",
            "/search?q=%D8%A7%D9%84%D9%86%D9%88%D9%88%D9%8A%D8%A9".to_string(),
        ),
        ("English statement", english),
        ("Arabic statement", arabic),
        ("side by side", compare),
        ("actor", "/actors/csto".to_string()),
        ("actors", "/actors".to_string()),
        ("topic", "/topics/nuclear".to_string()),
        ("topics", "/topics".to_string()),
    ]
}

/// Text in Arabic or Cyrillic letters whose element does not say it is in Arabic or Russian:
/// axe-core checks that `lang` values are valid, not that they are there.
const UNMARKED: &str = "const found = []; \
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT); \
    while (walk.nextNode()) { \
      const text = walk.currentNode.textContent; \
      const letters = text.match(/\\p{L}/gu) || []; \
      const arabic = letters.filter(c => /\\p{Script=Arabic}/u.test(c)).length; \
      const cyrillic = letters.filter(c => /\\p{Script=Cyrillic}/u.test(c)).length; \
      const other = letters.length - arabic - cyrillic; \
      const lang = arabic > Math.max(cyrillic, other) ? 'ar' \
                 : cyrillic > Math.max(arabic, other) ? 'ru' : null; \
      const element = walk.currentNode.parentElement; \
      const marked = element.closest('[lang]'); \
      if (lang && (!marked || marked.lang !== lang)) { \
        found.push(lang + ' text in lang=' + (marked && marked.lang) + ': ' \
                   + element.outerHTML.slice(0, 100)); \
      } \
    } \
    return found;";

/// axe-core's violations on the page now open, one line per rule.
async fn axe_violations(b: &Browser, axe: &str) -> Vec<String> {
    b.client
        .execute(axe, Vec::new())
        .await
        .unwrap_or_else(|e| panic!("inject axe-core: {e}"));
    let found = b
        .client
        .execute_async(AXE_RUN, Vec::new())
        .await
        .unwrap_or_else(|e| panic!("run axe-core: {e}"));
    found
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|v| {
            format!(
                "{} ({}, {} elements): {}; e.g. {}",
                v["id"].as_str().unwrap_or("?"),
                v["impact"].as_str().unwrap_or("?"),
                v["nodes"],
                v["help"].as_str().unwrap_or("?"),
                v["targets"]
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_no_wcag_violations_on_the_main_pages_in_light_and_dark_mode() {
    let Some(axe) = axe_source() else {
        return;
    };
    let Some(b) = browser().await else {
        return;
    };
    let pages = main_pages(&b).await;
    let mut report = String::new();
    for scheme in ["light", "dark"] {
        emulate_color_scheme(&b, scheme).await;
        for (name, path) in &pages {
            b.open(path).await;
            let dark = b
                .script("return matchMedia('(prefers-color-scheme: dark)').matches")
                .await;
            assert_eq!(
                dark,
                scheme == "dark",
                "{path}: the {scheme} mode did not take effect"
            );
            for line in axe_violations(&b, &axe).await {
                let _ = writeln!(report, "{name} ({path}, {scheme}): {line}");
            }
            if scheme == "light" {
                let unmarked = b.script(UNMARKED).await;
                for line in unmarked.as_array().cloned().unwrap_or_default() {
                    let _ = writeln!(report, "{name} ({path}): {line}");
                }
            }
        }
    }
    b.close().await;
    assert!(report.is_empty(), "accessibility problems:\n{report}");
}

/// Presses Tab until the focus comes back round, and returns what was wrong: controls whose
/// focus is not visible, and visible controls Tab never reached.
async fn tab_through(b: &Browser, path: &str) -> Vec<String> {
    b.open(path).await;
    let mut problems = Vec::new();
    let tab = || {
        KeyActions::new("keyboard".into())
            .then(KeyAction::Down {
                value: Key::Tab.into(),
            })
            .then(KeyAction::Up {
                value: Key::Tab.into(),
            })
    };
    // A keyboard trap ends the loop too: what it keeps Tab from is reported as never reached.
    for _ in 0..400 {
        b.client.perform_actions(tab()).await.expect("press Tab");
        let step = b
            .script(
                "const e = document.activeElement; \
                 if (e === window.lastTabbed) return {again: true}; \
                 if (!e || e === document.body || e.hasAttribute('data-tabbed')) return null; \
                 const what = e.outerHTML.slice(0, 120); \
                 e.setAttribute('data-tabbed', ''); \
                 window.lastTabbed = e; \
                 const s = getComputedStyle(e); \
                 const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0; \
                 return {shown: outline || s.boxShadow !== 'none', what};",
            )
            .await;
        if step.is_null() {
            break;
        }
        if step["again"] == true {
            // Tab moves between the parts of a date field without leaving it.
            continue;
        }
        if step["shown"] != true {
            problems.push(format!("{path}: no visible focus on {}", step["what"]));
        }
    }
    let missed = b
        .script(
            "return [...document.querySelectorAll('a[href], button, input:not([type=hidden]), \
                                                   select, textarea, summary, [tabindex]')] \
               .filter(e => !e.hasAttribute('data-tabbed') && e.tabIndex >= 0 \
                            && e.getClientRects().length > 0 \
                            && getComputedStyle(e).visibility === 'visible') \
               .map(e => e.outerHTML.slice(0, 120))",
        )
        .await;
    for what in missed.as_array().cloned().unwrap_or_default() {
        problems.push(format!("{path}: Tab never reaches {what}"));
    }
    problems
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tab_reaches_every_control_and_shows_where_the_focus_is() {
    let Some(b) = browser().await else {
        return;
    };
    let statement = href_on(
        &b,
        "/search?q=Test-Ban+Treaty&lang=en",
        "ol.hits li.hit h3 a",
    )
    .await;
    let mut problems = Vec::new();
    for path in ["/", "/search?q=treaty", &statement] {
        problems.extend(tab_through(&b, path).await);
    }
    b.close().await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// An Arabic statement whose curated source, place and actor are written in Arabic only, so
/// their language is not recorded anywhere but in their letters.
const ARABIC: &str = "---
title: بيان بشأن معاهدة الحظر الشامل للتجارب النووية
date: 2023-06-20
source_name: وزارة الخارجية
place: الرياض
actors: [لجنة المتابعة العربية]
---
تدعو وزارة الخارجية جميع الدول إلى التصديق على معاهدة الحظر الشامل للتجارب النووية \
والامتناع عن إجراء أي تفجير تجريبي للأسلحة النووية.
";

#[tokio::test]
async fn arabic_source_place_and_actor_names_are_marked_arabic_on_english_pages() {
    let corpus = tempfile::tempdir().expect("tempdir");
    let index = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(corpus.path().join("ar")).expect("mkdir");
    std::fs::write(corpus.path().join("ar/statement.txt"), ARABIC).expect("write");
    let archive = build_index(corpus.path(), index.path());
    let app = router(AppState::new(archive, static_assets()));
    let source = "وزارة الخارجية";
    let actor = "لجنة المتابعة العربية";
    let arabic = |text: &str| format!("lang=\"ar\" dir=\"rtl\">{text}<");

    let search = get(&app, "/search").await.body;
    assert!(search.contains("<html lang=\"en\""), "{search}");
    assert!(
        search.contains(&format!("<span class=\"source\" {}", arabic(source))),
        "the hit's source: {search}"
    );
    assert!(
        search.matches(&arabic(source)).count() >= 2,
        "the hit's source and the source facet: {search}"
    );
    assert!(search.contains(&arabic(actor)), "the hit's actor: {search}");
    assert!(
        search.contains("lang=\"en\" dir=\"ltr\">Arabic<"),
        "an English label stays English: {search}"
    );

    let filtered = get(&app, &format!("/search?source={}", enc(source)))
        .await
        .body;
    assert!(
        filtered.contains(&format!("Source: <span {}", arabic(source))),
        "the filter chip: {filtered}"
    );

    let statement = search
        .split("<h3 ")
        .nth(1)
        .and_then(|h| h.split("href=\"").nth(1))
        .and_then(|h| h.split('"').next())
        .expect("a statement link");
    let page = get(&app, statement).await.body;
    assert!(
        page.contains(&format!("<dd {}", arabic(source))),
        "the source: {page}"
    );
    assert!(
        page.contains(&format!("<dd {}", arabic("الرياض"))),
        "the place: {page}"
    );
    assert!(page.contains(&arabic(actor)), "the actor: {page}");

    // The text before the first link is skipped: the actor's name is in the facets too.
    let actor_url = search
        .split("href=\"/actors/")
        .skip(1)
        .find_map(|h| h.split_once('"').filter(|(_, rest)| rest.contains(actor)))
        .map(|(id, _)| format!("/actors/{id}"))
        .expect("a link to the actor");
    let profile = get(&app, &actor_url).await.body;
    assert!(
        profile.contains(&format!("<h1 {}", arabic(actor))),
        "{actor_url}: {profile}"
    );
}
