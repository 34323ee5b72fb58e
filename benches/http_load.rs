//! HTTP load test: the real router (`web::router`) on a loopback port, over an index of the
//! bench corpus, driven by a bounded number of concurrent requests.
//!
//! Not a criterion bench: it reports what a server operator asks (requests per second and
//! the latency tail per kind of page) rather than one routine's time. The mix is fixed and
//! deterministic: search pages, API searches, statement pages and the home page, over the
//! same queries as `benches/search.rs` and statement ids taken from a first
//! `/api/search?per_page=100`. Every answer must be 2xx; any other status, a transport
//! error or a timeout makes it exit 1.
//!
//! The server and the client share one tokio runtime and the machine's cores, so figures
//! are a lower bound on what the server alone would sustain. Only 127.0.0.1 is contacted.
//!
//! `cargo bench --bench http_load -- --help` lists the knobs; criterion's own options are
//! rejected. Run without `--bench` (as `cargo test --benches` does) or with `--test`, it
//! sends only a few requests, to check that it works.

mod common;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use clap::Parser;
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::{Request, StatusCode, header};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use statement_archive::web::{self, AppState, Assets};

/// Requests sent when run as a test rather than a bench.
const SMOKE_REQUESTS: usize = 40;
/// Longest a single request may take before it counts as failed.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Statement ids fetched from the API to spread statement-page requests over.
const ID_POOL: usize = 100;
const PER_PAGE: usize = 20;
/// Mirrors `search::MAX_RESULT_WINDOW`: the deepest result a page may show.
const MAX_RESULT_WINDOW: usize = 10_000;

/// Drive the real router over loopback and report latency per kind of request.
#[derive(Parser, Debug)]
struct Args {
    /// Requests to send in all.
    #[arg(long, default_value_t = 2_000)]
    requests: usize,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Stop sending new requests after this many seconds, even if some remain.
    #[arg(long, default_value_t = 60)]
    max_seconds: u64,
    /// Send this Accept-Encoding header (e.g. "gzip, br", as browsers do); by default
    /// none, so answers are not compressed.
    #[arg(long)]
    accept_encoding: Option<String>,
    /// Set by `cargo bench`; without it only a smoke run is done.
    #[arg(long, hide = true)]
    bench: bool,
    /// Criterion's smoke-test flag (`cargo bench -- --test`): send only a few requests.
    #[arg(long, hide = true)]
    test: bool,
    /// A bench name filter passed on by `cargo bench <filter>`: the load test runs only
    /// when it matches "http_load".
    #[arg(hide = true)]
    filter: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    SearchPage,
    ApiSearch,
    StatementPage,
    Home,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::SearchPage => "/search",
            Kind::ApiSearch => "/api/search",
            Kind::StatementPage => "/statements/{id}",
            Kind::Home => "/",
        }
    }
}

/// One cycle of the mix: 8 search pages, 6 API searches, 5 statement pages, 1 home page.
const MIX: [Kind; 20] = {
    use Kind::*;
    [
        SearchPage,
        ApiSearch,
        StatementPage,
        SearchPage,
        ApiSearch,
        StatementPage,
        SearchPage,
        ApiSearch,
        SearchPage,
        StatementPage,
        SearchPage,
        ApiSearch,
        StatementPage,
        SearchPage,
        ApiSearch,
        SearchPage,
        StatementPage,
        SearchPage,
        ApiSearch,
        Home,
    ]
};

/// The requests to cycle through, as path-and-query strings.
struct Plan {
    searches: Vec<String>,
    statement_ids: Vec<String>,
}

impl Plan {
    fn request(&self, request_idx: usize) -> (Kind, String) {
        let kind = MIX[request_idx % MIX.len()];
        let cycle = request_idx / MIX.len();
        let uri = match kind {
            Kind::SearchPage => format!(
                "/search?{}",
                self.searches[(cycle + request_idx) % self.searches.len()]
            ),
            Kind::ApiSearch => format!(
                "/api/search?{}",
                self.searches[(cycle * 3 + request_idx) % self.searches.len()]
            ),
            Kind::StatementPage => format!(
                "/statements/{}",
                self.statement_ids[(cycle * 5 + request_idx) % self.statement_ids.len()]
            ),
            Kind::Home => "/".to_string(),
        };
        (kind, uri)
    }
}

struct Sample {
    kind: Kind,
    latency: Duration,
    outcome: Result<StatusCode, String>,
    uri: String,
}

impl Sample {
    fn succeeded(&self) -> bool {
        matches!(self.outcome, Ok(status) if status.is_success())
    }
}

type HttpClient = Client<HttpConnector, Empty<Bytes>>;

fn main() -> ExitCode {
    let args = Args::parse();
    if args
        .filter
        .as_deref()
        .is_some_and(|filter| !"http_load".contains(filter))
    {
        return ExitCode::SUCCESS;
    }
    let corpus = common::corpus_or_exit();
    let built = common::build_index(&corpus);
    eprintln!("http_load: {}", common::describe_build(&built));
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => common::fail(&format!("cannot start tokio: {err}")),
    };
    let static_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/static");
    let assets = match Assets::load(std::path::Path::new(static_dir)) {
        Ok(assets) => assets,
        Err(err) => common::fail(&format!("{err}")),
    };
    let state = AppState::new(built.archive, assets);
    let res = runtime.block_on(serve_and_load(&args, state));
    // The index directory (`built.dir`) is deleted only now, after the server stopped.
    drop(built.dir);
    match res {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("http_load: {message}");
            ExitCode::from(2)
        }
    }
}

/// Serves `state` on a loopback port, runs the load, stops the server. `Ok(false)` when
/// some request failed.
async fn serve_and_load(args: &Args, state: AppState) -> Result<bool, String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|err| format!("cannot listen on 127.0.0.1: {err}"))?;
    let addr = listener
        .local_addr()
        .map_err(|err| format!("no local address: {err}"))?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        web::serve(
            listener,
            web::router(state),
            web::ServerLimits::default(),
            async {
                // An error means the sender is gone, which also means stop.
                let _ = stopped.await;
            },
        )
        .await;
    });
    let res = load(args, addr).await;
    // The receiver is gone only if the server already ended; its result says why.
    let _ = stop.send(());
    if let Err(err) = server.await {
        return Err(format!("the server task failed: {err}"));
    }
    res
}

async fn load(args: &Args, addr: SocketAddr) -> Result<bool, String> {
    let concurrency = args.concurrency.max(1);
    let client: HttpClient = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(concurrency)
        .build_http();
    let plan = Arc::new(make_plan(&client, addr).await?);
    let total = if args.bench && !args.test {
        args.requests
    } else {
        args.requests.min(SMOKE_REQUESTS)
    };
    eprintln!(
        "http_load: {total} requests to http://{addr}, {concurrency} at a time, for at most {} s",
        args.max_seconds
    );

    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.max_seconds);
    let mut workers = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let client = client.clone();
        let plan = Arc::clone(&plan);
        let next = Arc::clone(&next);
        let accept_encoding = args.accept_encoding.clone();
        workers.push(tokio::spawn(async move {
            let mut samples = Vec::new();
            loop {
                let request_idx = next.fetch_add(1, Ordering::Relaxed);
                if request_idx >= total || Instant::now() >= deadline {
                    return samples;
                }
                let (kind, uri) = plan.request(request_idx);
                let sent = Instant::now();
                let outcome = get(&client, addr, &uri, accept_encoding.as_deref())
                    .await
                    .map(|(status, _body)| status);
                samples.push(Sample {
                    kind,
                    latency: sent.elapsed(),
                    outcome,
                    uri,
                });
            }
        }));
    }
    let mut samples = Vec::with_capacity(total);
    for worker in workers {
        samples.extend(
            worker
                .await
                .map_err(|err| format!("a client task failed: {err}"))?,
        );
    }
    let elapsed = started.elapsed();
    Ok(report(&samples, elapsed, total, concurrency))
}

/// Fetches the statement ids, the commonest year and the browse depth, and lays out the
/// queries to cycle through.
async fn make_plan(client: &HttpClient, addr: SocketAddr) -> Result<Plan, String> {
    let probe_uri = format!("/api/search?per_page={ID_POOL}");
    let body = match get(client, addr, &probe_uri, None).await? {
        (status, body) if status.is_success() => body,
        (status, _) => return Err(format!("GET {probe_uri} answered {status}")),
    };
    let probe: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|err| format!("GET {probe_uri} is not JSON: {err}"))?;
    let statement_ids: Vec<String> = probe["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|hit| hit["id"].as_str().map(str::to_string))
        .collect();
    if statement_ids.is_empty() {
        return Err(format!("GET {probe_uri} listed no statements"));
    }
    let total = probe["total"].as_u64().unwrap_or(0) as usize;
    let last_page = total.min(MAX_RESULT_WINDOW).div_ceil(PER_PAGE).max(1);
    let commonest_year = probe["facets"]["year"]
        .as_array()
        .into_iter()
        .flatten()
        .max_by_key(|year| year["count"].as_u64().unwrap_or(0))
        .and_then(|year| year["value"].as_str().map(str::to_string));

    let last_page = last_page.to_string();
    let mut filtered = vec![("q", "الأسلحة"), ("lang", "ar")];
    if let Some(year) = &commonest_year {
        filtered.push(("year", year.as_str()));
    }
    let queries: Vec<Vec<(&str, &str)>> = vec![
        vec![("q", "nuclear")],
        vec![("q", "الأسلحة")],
        vec![("q", "оружия")],
        vec![("q", "\"outer space\"")],
        vec![("q", "\"arms race\"")],
        filtered,
        vec![("sort", "date")],
        vec![("page", &last_page)],
    ];
    let searches = queries
        .iter()
        .map(|pairs| serde_urlencoded::to_string(pairs).expect("string pairs always encode"))
        .collect();
    Ok(Plan {
        searches,
        statement_ids,
    })
}

/// GETs `path_and_query` and reads the whole body.
async fn get(
    client: &HttpClient,
    addr: SocketAddr,
    path_and_query: &str,
    accept_encoding: Option<&str>,
) -> Result<(StatusCode, Bytes), String> {
    let mut request = Request::get(format!("http://{addr}{path_and_query}"));
    if let Some(encoding) = accept_encoding {
        request = request.header(header::ACCEPT_ENCODING, encoding);
    }
    let request = request
        .body(Empty::<Bytes>::new())
        .map_err(|err| format!("bad request {path_and_query}: {err}"))?;
    let exchange = async {
        let response = client
            .request(request)
            .await
            .map_err(|err| format!("GET {path_and_query}: {err}"))?;
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|err| format!("GET {path_and_query}: reading the body: {err}"))?
            .to_bytes();
        Ok((status, body))
    };
    tokio::time::timeout(REQUEST_TIMEOUT, exchange)
        .await
        .map_err(|_| format!("GET {path_and_query}: no answer in {REQUEST_TIMEOUT:?}"))?
}

/// Prints the figures; true when every request was answered 2xx.
fn report(samples: &[Sample], elapsed: Duration, planned: usize, concurrency: usize) -> bool {
    let n_failed = samples.iter().filter(|sample| !sample.succeeded()).count();
    println!(
        "http_load: {} of {planned} requests in {:.2} s = {:.1} requests/s (concurrency {concurrency})",
        samples.len(),
        elapsed.as_secs_f64(),
        samples.len() as f64 / elapsed.as_secs_f64().max(f64::EPSILON)
    );
    println!(
        "{:<18} {:>6} {:>10} {:>10} {:>10} {:>8}",
        "route", "n", "median ms", "p95 ms", "p99 ms", "non-2xx"
    );
    let mut by_kind: BTreeMap<Kind, Vec<&Sample>> = BTreeMap::new();
    for sample in samples {
        by_kind.entry(sample.kind).or_default().push(sample);
    }
    for (kind, samples) in &by_kind {
        print_row(kind.name(), samples);
    }
    print_row("all", &samples.iter().collect::<Vec<_>>());
    for sample in samples.iter().filter(|sample| !sample.succeeded()).take(10) {
        match &sample.outcome {
            Ok(status) => eprintln!("http_load: GET {} answered {status}", sample.uri),
            Err(message) => eprintln!("http_load: {message}"),
        }
    }
    println!("non-2xx responses and failed requests: {n_failed}");
    n_failed == 0 && !samples.is_empty()
}

fn print_row(name: &str, samples: &[&Sample]) {
    let mut latencies: Vec<Duration> = samples.iter().map(|sample| sample.latency).collect();
    latencies.sort_unstable();
    let n_failed = samples.iter().filter(|sample| !sample.succeeded()).count();
    let ms = |quantile: f64| percentile(&latencies, quantile).as_secs_f64() * 1e3;
    println!(
        "{name:<18} {:>6} {:>10.2} {:>10.2} {:>10.2} {n_failed:>8}",
        latencies.len(),
        ms(0.50),
        ms(0.95),
        ms(0.99)
    );
}

/// Nearest-rank percentile of sorted latencies (zero for none).
fn percentile(sorted: &[Duration], quantile: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (quantile * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}
