//! Real headless Chromium (Debian's `chromium` and `chromium-driver`, which `.ci/run` installs)
//! driving the real server over the fixture corpus. Without `chromedriver` the tests skip with a
//! message, except under CI, where that is a failure.
//!
//! Screenshots of the main pages, desktop and mobile width, go to `target/screenshots/`.

use std::net::TcpListener as StdListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::support::{fixture_app, repo_path};

const DESKTOP: (u32, u32) = (1280, 900);
const MOBILE: (u32, u32) = (390, 844);

/// `chromedriver` and the site, both on free local ports; both stop when this is dropped.
pub(crate) struct Browser {
    pub(crate) client: Client,
    site: String,
    driver: Child,
    /// Where Chromium saves downloads.
    downloads: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Starts the site and a browser, or `None` (with a message) when no chromedriver is installed
/// outside CI.
pub(crate) async fn browser() -> Option<Browser> {
    let installed = Command::new("chromedriver")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !installed {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "chromedriver is missing: .ci/run installs Debian's chromium-driver"
        );
        eprintln!("skipped: chromedriver is not installed (apt-get install chromium-driver)");
        return None;
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port for the site");
    let site = format!("http://{}", listener.local_addr().expect("address"));
    let app = fixture_app();
    tokio::spawn(statement_archive::web::serve(
        listener,
        app,
        statement_archive::web::ServerLimits::default(),
        std::future::pending(),
    ));

    let port = free_port();
    let driver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let downloads = tempfile::tempdir().expect("a download folder");
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({"args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                        "--disable-gpu", "--lang=en-US", "--window-size=1280,900"],
               "prefs": {"download.default_directory": downloads.path(),
                         "download.prompt_for_download": false}}),
    );
    let started = Instant::now();
    let client = loop {
        let attempt = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        match attempt {
            Ok(client) => break client,
            Err(err) if started.elapsed() > Duration::from_secs(20) => {
                panic!("cannot start a Chromium session: {err}")
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    };
    Some(Browser {
        client,
        site,
        driver,
        downloads,
    })
}

impl Browser {
    pub(crate) async fn open(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.site))
            .await
            .unwrap_or_else(|e| panic!("open {path}: {e}"));
    }

    async fn path_and_query(&self) -> String {
        let url = self.client.current_url().await.expect("current URL");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        }
    }

    /// Waits (up to 10 s) until the browser shows a page at `path`.
    async fn wait_for_path(&self, path: &str) {
        let started = Instant::now();
        while self.client.current_url().await.expect("current URL").path() != path {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the browser never reached {path}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Opens the fixture's English joint statement on the CTBT, which has Arabic and Russian
    /// translations, the way a reader would: from a search.
    async fn open_english_statement(&self) {
        self.open("/search?q=Test-Ban+Treaty&lang=en").await;
        self.click("ol.hits li.hit h3 a").await;
    }

    /// Waits (up to 10 s) until the browser's address contains `part`.
    async fn wait_for_url_containing(&self, part: &str) {
        let started = Instant::now();
        while !self.path_and_query().await.contains(part) {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the browser never reached a URL with {part}: {}",
                self.path_and_query().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Runs an async script: its last argument is the callback that returns the value.
    async fn script_async(&self, script: &str) -> serde_json::Value {
        self.client
            .execute_async(script, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("script {script}: {e}"))
    }

    pub(crate) async fn script(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("script {script}: {e}"))
    }

    async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    pub(crate) async fn close(mut self) {
        let client = self.client.clone();
        let _ = client.close().await;
        let _ = self.driver.kill();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_searches_narrows_by_facet_and_by_timeline() {
    let Some(b) = browser().await else {
        return;
    };
    b.open("/").await;
    let q = b
        .client
        .find(Locator::Css("#q-home"))
        .await
        .expect("the home search box");
    q.send_keys("treaty\n").await.expect("typing");
    b.wait_for_path("/search").await;
    assert!(b.path_and_query().await.starts_with("/search?q=treaty"));
    let hits = b
        .script("return document.querySelectorAll('ol.hits li.hit').length")
        .await;
    assert!(hits.as_u64().is_some_and(|n| n > 0), "results: {hits}");

    b.click(".facet a[href*='lang=en']").await;
    assert!(b.path_and_query().await.contains("lang=en"));
    let chips = b
        .script("return [...document.querySelectorAll('.chips a')].map(a => a.textContent)")
        .await;
    assert!(chips.to_string().contains("Language: English"), "{chips}");
    let langs = b
        .script("return [...document.querySelectorAll('.hit .badge')].map(e => e.textContent)")
        .await;
    assert!(
        langs
            .as_array()
            .is_some_and(|l| !l.is_empty() && l.iter().all(|x| x == "en")),
        "{langs}"
    );

    b.open("/search").await;
    let year = b
        .script("return document.querySelector('.timeline a').getAttribute('data-year')")
        .await;
    b.click(".timeline a").await;
    let year = year.as_str().expect("a bar has a year").to_string();
    assert!(
        b.path_and_query().await.contains(&format!("year={year}")),
        "the bar narrows to its year"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_follows_a_paragraph_link_and_compares_translations() {
    let Some(b) = browser().await else {
        return;
    };
    b.open_english_statement().await;
    b.click("#p2 a.pilcrow").await;
    assert!(b.path_and_query().await.starts_with("/statements/"));
    let target = b
        .script(
            "const p = document.getElementById('p2'); \
             return [location.hash, p.matches(':target'), \
                     getComputedStyle(p).backgroundColor, \
                     getComputedStyle(document.getElementById('p1')).backgroundColor]",
        )
        .await;
    assert_eq!(target[0], "#p2", "{target}");
    assert_eq!(target[1], true, "{target}");
    assert_ne!(
        target[2], target[3],
        "the linked paragraph stands out: {target}"
    );

    b.click("a[href*='/compare/']").await;
    assert!(b.path_and_query().await.contains("/compare/"));
    let directions = b
        .script(
            "return [...document.querySelectorAll('table.parallel tbody tr:first-child td')] \
             .map(td => [td.lang, getComputedStyle(td).direction])",
        )
        .await;
    let pairs = directions.as_array().cloned().unwrap_or_default();
    assert_eq!(pairs.len(), 2, "{directions}");
    for pair in &pairs {
        let expected = if pair[0] == "ar" { "rtl" } else { "ltr" };
        assert_eq!(pair[1], expected, "{directions}");
    }
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn main_pages_fit_a_phone_and_are_photographed() {
    let Some(b) = browser().await else {
        return;
    };
    let out = repo_path("target/screenshots");
    std::fs::create_dir_all(&out).expect("the screenshot folder");
    b.open("/search?q=CTBT&lang=ar").await;
    let arabic = b
        .script("return document.querySelector('ol.hits li.hit h3 a').getAttribute('href')")
        .await;
    let arabic = arabic.as_str().expect("an Arabic statement").to_string();
    b.open("/search?q=Test-Ban+Treaty&lang=en").await;
    let english = b
        .script("return document.querySelector('ol.hits li.hit h3 a').getAttribute('href')")
        .await;
    let english = english.as_str().expect("an English statement").to_string();
    b.open(&english).await;
    let compare = b
        .script("return document.querySelector('a[href*=\"/compare/\"]').getAttribute('href')")
        .await;
    let compare = compare.as_str().expect("a side-by-side view").to_string();
    let pages = [
        ("home", "/".to_string()),
        ("search", "/search?q=nuclear".to_string()),
        ("search-months", "/search?year=2024".to_string()),
        (
            "search-ar",
            "/search?q=%D8%A7%D9%84%D9%86%D9%88%D9%88%D9%8A%D8%A9".to_string(),
        ),
        ("statement-en", english.clone()),
        ("statement-ar", arabic.clone()),
        ("compare", compare.clone()),
        ("actor", "/actors/csto".to_string()),
        ("topic", "/topics/nuclear".to_string()),
    ];
    for (width_name, (width, height)) in [("desktop", DESKTOP), ("mobile", MOBILE)] {
        b.client
            .set_window_size(width, height)
            .await
            .expect("resize");
        for (name, path) in &pages {
            b.open(path).await;
            let png = b.client.screenshot().await.expect("a screenshot");
            assert!(png.starts_with(b"\x89PNG"), "{name}: not a PNG");
            std::fs::write(out.join(format!("{name}-{width_name}.png")), png)
                .expect("write the screenshot");
            let overflow = b
                .script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                .await;
            let wide = b
                .script(
                    "const w = document.documentElement.clientWidth; \
                     return [...document.querySelectorAll('body *')] \
                       .filter(e => e.getBoundingClientRect().right > w + 0.5) \
                       .slice(0, 5).map(e => e.tagName + '.' + e.className)",
                )
                .await;
            assert!(
                overflow.as_i64().unwrap_or(i64::MAX) <= 0,
                "{path} scrolls sideways at {width}px by {overflow}px: {wide}"
            );
        }
    }
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suggestions_are_listed_in_any_script_and_chosen_with_the_keyboard() {
    let Some(b) = browser().await else {
        return;
    };
    b.open("/").await;
    let q = b
        .client
        .find(Locator::Css("#q"))
        .await
        .expect("the header search box");
    q.send_keys("Лавр").await.expect("typing");
    b.client
        .wait()
        .for_element(Locator::Css("#q-suggestions li[role=option]"))
        .await
        .expect("suggestions appear");
    let first = b
        .script(
            "const li = document.querySelector('#q-suggestions li'); \
             return [li.textContent, li.querySelector('.name').lang, \
                     document.getElementById('q').getAttribute('aria-expanded')]",
        )
        .await;
    assert!(
        first[0]
            .as_str()
            .is_some_and(|t| t.contains("Sergey Lavrov")),
        "{first}"
    );
    assert_eq!(
        first[1], "ru",
        "the matched name is marked as Russian: {first}"
    );
    assert_eq!(first[2], "true", "{first}");

    q.send_keys(&fantoccini::key::Key::Down)
        .await
        .expect("arrow down");
    let selected = b
        .script("return document.getElementById('q').getAttribute('aria-activedescendant')")
        .await;
    assert_eq!(selected, "q-suggestions-0", "the first option is active");
    q.send_keys(&fantoccini::key::Key::Enter)
        .await
        .expect("enter");
    b.wait_for_path("/search").await;
    assert_eq!(b.path_and_query().await, "/search?actor=sergey-lavrov");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dragging_across_the_timeline_sets_a_date_range() {
    let Some(b) = browser().await else {
        return;
    };
    b.open("/search").await;
    // Each bar's year and count, as its link announces them ("2019: 1 statements").
    let bars = b
        .script(
            "return [...document.querySelectorAll('.timeline a[data-year]')] \
             .map(a => [Number(a.dataset.year), parseInt(a.getAttribute('aria-label').split(': ')[1])])",
        )
        .await;
    let bars: Vec<(i64, i64)> = bars
        .as_array()
        .expect("bars")
        .iter()
        .map(|p| (p[0].as_i64().expect("year"), p[1].as_i64().expect("count")))
        .collect();
    assert!(
        bars.len() >= 3,
        "the fixture spans at least three years: {bars:?}"
    );
    let (first, second) = (bars[0].0, bars[1].0);
    let expected: i64 = bars
        .iter()
        .filter(|(y, _)| (first..=second).contains(y))
        .map(|(_, n)| n)
        .sum();

    let from_bar = b
        .client
        .find(Locator::Css(&format!(
            ".timeline a[data-year='{first}'] .hitarea"
        )))
        .await
        .expect("the first bar");
    let to_bar = b
        .client
        .find(Locator::Css(&format!(
            ".timeline a[data-year='{second}'] .hitarea"
        )))
        .await
        .expect("the second bar");
    use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
    let drag = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element: from_bar,
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveToElement {
            element: to_bar,
            duration: Some(Duration::from_millis(200)),
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    b.client.perform_actions(drag).await.expect("the drag");
    b.wait_for_url_containing("from=").await;
    let url = b.path_and_query().await;
    assert!(
        url.contains(&format!("from={first}-01-01")) && url.contains(&format!("to={second}-12-31")),
        "{url}"
    );
    assert!(!url.contains("year="), "a range replaces the year: {url}");
    let shown = b
        .script(
            "return [document.querySelectorAll('ol.hits li.hit').length, \
             [...document.querySelectorAll('.hit time')].map(t => t.getAttribute('datetime')), \
             [...document.querySelectorAll('.chips a')].map(a => a.textContent), \
             document.querySelectorAll('.timeline .bar.active').length]",
        )
        .await;
    assert_eq!(shown[0].as_i64(), Some(expected), "{shown}");
    for date in shown[1].as_array().expect("dates") {
        let year: i64 = date.as_str().expect("a date")[..4].parse().expect("a year");
        assert!((first..=second).contains(&year), "{shown}");
    }
    assert!(
        shown[2]
            .to_string()
            .contains(&format!("From {first}-01-01")),
        "{shown}"
    );
    assert!(
        shown[3].as_u64().is_some_and(|n| n >= 2),
        "the range's bars are marked: {shown}"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_switches_a_statement_to_another_language() {
    let Some(b) = browser().await else {
        return;
    };
    b.open_english_statement().await;
    let english = b.path_and_query().await;
    let before = b
        .script("return [document.documentElement.lang, document.documentElement.dir]")
        .await;
    assert_eq!(before, json!(["en", "ltr"]));
    b.click(".translations a[lang='ar']").await;
    let after = b
        .script(
            "return [document.documentElement.lang, document.documentElement.dir, \
             getComputedStyle(document.querySelector('.body p')).direction, \
             [...document.querySelectorAll('.translations a[lang]')].map(a => a.getAttribute('href'))]",
        )
        .await;
    assert_eq!(after[0], "ar", "{after}");
    assert_eq!(after[1], "rtl", "{after}");
    assert_eq!(
        after[2], "rtl",
        "the Arabic text reads right to left: {after}"
    );
    assert!(
        after[3].to_string().contains(&english),
        "the Arabic page links back to {english}: {after}"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citation_follows_the_paragraph_and_is_copied() {
    let Some(b) = browser().await else {
        return;
    };
    b.open_english_statement().await;
    b.click("#p2 a.pilcrow").await;
    let cited = b
        .script(
            "return [document.getElementById('cite-chicago').textContent, \
             document.querySelector('section.cite a[href$=\"?p=2\"]') !== null, \
             document.querySelector('.cite-scope').textContent]",
        )
        .await;
    assert!(
        cited[0].as_str().is_some_and(|c| c.contains("#p2")),
        "the citation carries the anchor: {cited}"
    );
    assert_eq!(cited[1], true, "BibTeX and RIS cite the paragraph: {cited}");
    assert!(cited[2].to_string().contains("paragraph 2"), "{cited}");

    b.click("button.copy[data-copy='cite-chicago']").await;
    let started = Instant::now();
    while b
        .script(
            "return document.querySelector('button.copy[data-copy=\"cite-chicago\"]').textContent",
        )
        .await
        != "Copied"
    {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the button never said it copied"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // What the clipboard holds, pasted into a box the way a reader would.
    b.script(
        "const box = document.createElement('textarea'); box.id = 'paste-here'; \
         document.body.appendChild(box); box.focus();",
    )
    .await;
    let paste_box = b
        .client
        .find(Locator::Id("paste-here"))
        .await
        .expect("the paste box");
    paste_box
        .send_keys(&format!("{}v", fantoccini::key::Key::Control))
        .await
        .expect("paste");
    let pasted = b
        .script("return document.getElementById('paste-here').value")
        .await;
    assert_eq!(pasted, cited[0], "the clipboard holds the citation");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_search_subscribes_by_atom_and_downloads_as_csv() {
    let Some(b) = browser().await else {
        return;
    };
    b.open("/search?q=nuclear").await;
    let total = b
        .script("return document.querySelector('.summary').textContent.match(/of (\\d+) statements/)[1]")
        .await;
    let total: usize = total
        .as_str()
        .and_then(|t| t.parse().ok())
        .expect("a total");
    let feed = b
        .script_async(
            "const done = arguments[arguments.length - 1]; \
             const href = document.querySelector('link[rel=alternate][type=\"application/atom+xml\"]').href; \
             fetch(href).then(r => r.text()).then(text => { \
               const doc = new DOMParser().parseFromString(text, 'application/xml'); \
               done([doc.getElementsByTagName('parsererror').length, \
                     doc.documentElement.namespaceURI, \
                     doc.getElementsByTagName('entry').length, \
                     [...doc.querySelectorAll('entry > link')].map(l => l.getAttribute('href'))]); \
             }).catch(e => done(String(e)));",
        )
        .await;
    assert_eq!(feed[0], 0, "the feed parses as XML: {feed}");
    assert_eq!(feed[1], "http://www.w3.org/2005/Atom", "{feed}");
    assert_eq!(feed[2].as_u64(), Some(total.min(50) as u64), "{feed}");
    let links = feed[3].as_array().expect("entry links");
    assert!(
        links
            .iter()
            .all(|l| l.as_str().is_some_and(|l| l.contains("/statements/"))),
        "{feed}"
    );

    b.click(".summary a[href^='/search.csv']").await;
    let file = b.downloads.path().join("statements.csv");
    let started = Instant::now();
    while !file.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "no CSV was downloaded: {:?}",
            std::fs::read_dir(b.downloads.path()).map(|d| d.count())
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut reader = csv::Reader::from_path(&file).expect("the CSV opens");
    let header = reader.headers().expect("a header").clone();
    assert!(
        header.iter().any(|h| h == "url") && header.iter().any(|h| h == "title"),
        "{header:?}"
    );
    let rows = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .expect("every row parses");
    assert_eq!(rows.len(), total, "one row per statement found");
    b.close().await;
}
