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
//! With `--hostile` (issue 14) the mix adds feeds, CSV exports, one-year searches and long
//! queries (pasted sentences and questions from `tests/eval/`), and the open web's worst
//! clients run beside it: `--slow-readers` open exports and never read, `--half-open`
//! connections send half a request line and wait. Then 503 (load shed, with `Retry-After`)
//! counts apart, not as a failure; `/healthz` is probed every half second and must answer
//! within a second; and resident memory after warm-up must stay within 10%.
//! `cargo bench --bench http_load -- --hostile --seconds 600 --concurrency 64` is the soak.
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
    /// Run for this many seconds, however many requests that takes (overrides --requests
    /// and --max-seconds).
    #[arg(long)]
    seconds: Option<u64>,
    /// The hostile soak: a wider mix, slow readers, half-open connections, a health probe
    /// and a memory check (see the top of this file).
    #[arg(long)]
    hostile: bool,
    /// With --hostile: clients that open an export and never read it.
    #[arg(long, default_value_t = 20)]
    slow_readers: usize,
    /// With --hostile: connections that send half a request line and wait.
    #[arg(long, default_value_t = 200)]
    half_open: usize,
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
    LongQuery,
    YearSearch,
    Feed,
    Export,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::SearchPage => "/search",
            Kind::ApiSearch => "/api/search",
            Kind::StatementPage => "/statements/{id}",
            Kind::Home => "/",
            Kind::LongQuery => "/search long q",
            Kind::YearSearch => "/search year",
            Kind::Feed => "/search.atom",
            Kind::Export => "/search.csv",
        }
    }
}

/// The hostile mix: 6 search pages, 4 API searches, 4 statement pages, 2 long queries,
/// 1 one-year search, 1 feed, 1 export and 1 home page in 20.
const HOSTILE_MIX: [Kind; 20] = {
    use Kind::*;
    [
        SearchPage,
        ApiSearch,
        StatementPage,
        LongQuery,
        SearchPage,
        ApiSearch,
        StatementPage,
        YearSearch,
        SearchPage,
        Feed,
        ApiSearch,
        StatementPage,
        SearchPage,
        LongQuery,
        Export,
        SearchPage,
        ApiSearch,
        StatementPage,
        SearchPage,
        Home,
    ]
};

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
    /// Pasted sentences and questions, URL-encoded as `q=…`.
    long_queries: Vec<String>,
    commonest_year: Option<String>,
    hostile: bool,
}

impl Plan {
    fn request(&self, request_idx: usize) -> (Kind, String) {
        let kind = if self.hostile {
            HOSTILE_MIX[request_idx % HOSTILE_MIX.len()]
        } else {
            MIX[request_idx % MIX.len()]
        };
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
            Kind::LongQuery => format!(
                "/search?{}",
                self.long_queries[(cycle + request_idx) % self.long_queries.len().max(1)]
            ),
            Kind::YearSearch => format!(
                "/search?q=nuclear&year={}",
                self.commonest_year.as_deref().unwrap_or("2020")
            ),
            Kind::Feed => format!(
                "/search.atom?{}",
                self.searches[(cycle + 2 * request_idx) % self.searches.len()]
            ),
            Kind::Export => "/search.csv?q=%22arms+race%22".to_string(),
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

    /// Load shed on purpose: 503, which the hostile soak allows.
    fn shed(&self) -> bool {
        matches!(self.outcome, Ok(StatusCode::SERVICE_UNAVAILABLE))
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
    let listener = web::listen("127.0.0.1:0")
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
        // Under the server's 10 s idle timeout, so a pooled connection is not reused just as
        // the server closes it (a race every keep-alive client must avoid).
        .pool_idle_timeout(Duration::from_secs(5))
        .build_http();
    let plan = Arc::new(make_plan(&client, addr, args.hostile).await?);
    let full = args.bench && !args.test;
    let (total, seconds) = match args.seconds {
        Some(seconds) if full => (usize::MAX, seconds),
        _ if full => (args.requests, args.max_seconds),
        _ => (args.requests.min(SMOKE_REQUESTS), args.max_seconds),
    };
    eprintln!(
        "http_load: {} requests to http://{addr}, {concurrency} at a time, for at most {seconds} s{}",
        if total == usize::MAX {
            "unbounded".to_string()
        } else {
            total.to_string()
        },
        if args.hostile { ", hostile" } else { "" }
    );

    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let hostile = if args.hostile {
        let (slow, half) = if full {
            (args.slow_readers, args.half_open)
        } else {
            (args.slow_readers.min(2), args.half_open.min(4))
        };
        Some(Hostile::start(addr, deadline, slow, half))
    } else {
        None
    };
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
    let mut samples = Vec::with_capacity(total.min(1 << 16));
    for worker in workers {
        samples.extend(
            worker
                .await
                .map_err(|err| format!("a client task failed: {err}"))?,
        );
    }
    let elapsed = started.elapsed();
    let requests_ok = report(&samples, elapsed, concurrency, args.hostile);
    let hostile_ok = match hostile {
        Some(hostile) => hostile.finish(started).await,
        None => true,
    };
    Ok(requests_ok && hostile_ok)
}

/// The hostile clients and the watchers that run beside the mix.
struct Hostile {
    tasks: Vec<tokio::task::JoinHandle<()>>,
    health: tokio::task::JoinHandle<(usize, Duration)>,
    memory: tokio::task::JoinHandle<Vec<(Duration, u64)>>,
    half_open_longest: Arc<std::sync::Mutex<Duration>>,
    half_open_closed: Arc<AtomicUsize>,
}

impl Hostile {
    fn start(
        addr: SocketAddr,
        deadline: Instant,
        slow_readers: usize,
        half_open: usize,
    ) -> Hostile {
        let mut tasks = Vec::new();
        for _ in 0..slow_readers {
            tasks.push(tokio::spawn(slow_reader(addr, deadline)));
        }
        let half_open_longest = Arc::new(std::sync::Mutex::new(Duration::ZERO));
        let half_open_closed = Arc::new(AtomicUsize::new(0));
        for _ in 0..half_open {
            tasks.push(tokio::spawn(half_open_client(
                addr,
                deadline,
                Arc::clone(&half_open_longest),
                Arc::clone(&half_open_closed),
            )));
        }
        Hostile {
            tasks,
            health: tokio::spawn(probe_health(addr, deadline)),
            memory: tokio::spawn(sample_memory(deadline)),
            half_open_longest,
            half_open_closed,
        }
    }

    /// Stops the clients, prints what the watchers saw; true when health and memory held.
    async fn finish(self, started: Instant) -> bool {
        for task in &self.tasks {
            task.abort();
        }
        let (slow_health, worst_health) = self.health.await.unwrap_or((usize::MAX, Duration::MAX));
        let memory = self.memory.await.unwrap_or_default();
        let longest = *self
            .half_open_longest
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        println!(
            "half-open connections closed by the server: {}, the longest open {:.1} s",
            self.half_open_closed.load(Ordering::Relaxed),
            longest.as_secs_f64()
        );
        println!(
            "/healthz: slowest {:.0} ms, {slow_health} answers over 1 s",
            worst_health.as_secs_f64() * 1e3
        );
        // Warm-up: the first fifth of the run (caches, page cache, allocator arenas).
        let elapsed = started.elapsed();
        let warm: Vec<u64> = memory
            .iter()
            .filter(|(at, _)| *at >= elapsed / 5)
            .map(|(_, kb)| *kb)
            .collect();
        let memory_ok = match (warm.iter().min(), warm.iter().max()) {
            (Some(&low), Some(&high)) => {
                let growth = high as f64 / low.max(1) as f64 - 1.0;
                println!(
                    "resident memory after warm-up: {} to {} MB ({:+.1}%)",
                    low / 1024,
                    high / 1024,
                    growth * 100.0
                );
                growth <= 0.10
            }
            _ => true,
        };
        slow_health == 0 && memory_ok
    }
}

/// Opens an export and never reads it; starts again when the server lets go.
async fn slow_reader(addr: SocketAddr, deadline: Instant) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    while Instant::now() < deadline {
        let Ok(mut stream) = tokio::net::TcpStream::connect(addr).await else {
            tokio::time::sleep(Duration::from_millis(200)).await;
            continue;
        };
        let request = "GET /search.jsonl?q=* HTTP/1.1\r\nHost: load\r\n\r\n";
        if stream.write_all(request.as_bytes()).await.is_err() {
            continue;
        }
        // Read the status line only, then stop reading until the server gives up.
        let mut head = [0u8; 16];
        let _ = stream.read(&mut head).await;
        let wait_closed = async {
            // Peeking is not reading: the receive buffer fills, the server's sends stall.
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                let mut probe = [0u8; 1];
                match tokio::time::timeout(Duration::from_millis(1), stream.peek(&mut probe)).await
                {
                    Ok(Ok(0)) | Ok(Err(_)) => return,
                    _ => {}
                }
            }
        };
        let left = deadline.saturating_duration_since(Instant::now());
        let _ = tokio::time::timeout(left.min(Duration::from_secs(120)), wait_closed).await;
    }
}

/// Sends half a request line and waits for the server to close; records how long it took.
async fn half_open_client(
    addr: SocketAddr,
    deadline: Instant,
    longest: Arc<std::sync::Mutex<Duration>>,
    closed: Arc<AtomicUsize>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    while Instant::now() < deadline {
        let Ok(mut stream) = tokio::net::TcpStream::connect(addr).await else {
            tokio::time::sleep(Duration::from_millis(200)).await;
            continue;
        };
        let opened = Instant::now();
        if stream.write_all(b"GET / HTTP/1.1\r\n").await.is_err() {
            continue;
        }
        let mut sink = [0u8; 1024];
        let left = deadline.saturating_duration_since(Instant::now());
        let read_to_close = async {
            loop {
                match stream.read(&mut sink).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
            }
        };
        if tokio::time::timeout(left, read_to_close).await.is_ok() {
            closed.fetch_add(1, Ordering::Relaxed);
            let open_for = opened.elapsed();
            let mut worst = longest
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            *worst = (*worst).max(open_for);
        }
    }
}

/// GETs `/healthz` every half second on its own connection; (answers over 1 s, slowest).
async fn probe_health(addr: SocketAddr, deadline: Instant) -> (usize, Duration) {
    let client: HttpClient = Client::builder(TokioExecutor::new()).build_http();
    let (mut slow, mut worst) = (0, Duration::ZERO);
    while Instant::now() < deadline {
        let sent = Instant::now();
        let ok = matches!(get(&client, addr, "/healthz", None).await, Ok((status, _)) if status.is_success());
        let took = sent.elapsed();
        worst = worst.max(took);
        if !ok || took > Duration::from_secs(1) {
            slow += 1;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    (slow, worst)
}

/// This process's resident memory (server and clients share it) every 5 s, in kB.
async fn sample_memory(deadline: Instant) -> Vec<(Duration, u64)> {
    let started = Instant::now();
    let mut samples = Vec::new();
    while Instant::now() < deadline {
        if let Some(kb) = resident_kb() {
            samples.push((started.elapsed(), kb));
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
    samples
}

fn resident_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Fetches the statement ids, the commonest year and the browse depth, and lays out the
/// queries to cycle through.
async fn make_plan(client: &HttpClient, addr: SocketAddr, hostile: bool) -> Result<Plan, String> {
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
        long_queries: long_queries(),
        commonest_year,
        hostile,
    })
}

/// Pasted sentences and typed questions from the evaluation sets, as `q=…`.
fn long_queries() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/eval");
    [
        "pasted.tsv",
        "questions-en.tsv",
        "questions-ar.tsv",
        "questions-ru.tsv",
    ]
    .iter()
    .filter_map(|name| std::fs::read_to_string(format!("{dir}/{name}")).ok())
    .flat_map(|text| {
        text.lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .filter_map(|line| line.split('\t').next().map(str::to_string))
            .take(20)
            .collect::<Vec<_>>()
    })
    .map(|q| serde_urlencoded::to_string([("q", q)]).expect("string pairs always encode"))
    .collect()
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

/// Prints the figures; true when every request was answered 2xx (or, when `shedding_allowed`,
/// 503 with the archive shedding load).
fn report(
    samples: &[Sample],
    elapsed: Duration,
    concurrency: usize,
    shedding_allowed: bool,
) -> bool {
    let failed = |sample: &&Sample| !(sample.succeeded() || shedding_allowed && sample.shed());
    let n_failed = samples.iter().filter(failed).count();
    let n_shed = samples.iter().filter(|sample| sample.shed()).count();
    println!(
        "http_load: {} requests in {:.2} s = {:.1} requests/s (concurrency {concurrency}); {n_shed} shed with 503",
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
    for sample in samples.iter().filter(failed).take(10) {
        match &sample.outcome {
            Ok(status) => eprintln!("http_load: GET {} answered {status}", sample.uri),
            Err(message) => eprintln!("http_load: {message}"),
        }
    }
    println!(
        "failed requests (non-2xx{}): {n_failed}",
        if shedding_allowed {
            " other than 503"
        } else {
            ""
        }
    );
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
