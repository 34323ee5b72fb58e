//! `statement-archive serve`: make sure the index is current, then serve the site.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;

use super::index::{Progress, explain, open_corpus, print_report};
use super::{CorpusArgs, ServeArgs};
use crate::index::live::{self, Live};
use crate::index::{self, Archive, BuildReport, IndexOptions};
use crate::web::{self, AppState, Assets};

/// How often a server looks whether another process made a new generation live.
const FOLLOW_EVERY: Duration = Duration::from_secs(1);

pub fn run(args: &ServeArgs) -> anyhow::Result<()> {
    // Before the index, which may take minutes to build: a wrong folder should fail at once.
    let assets = Assets::load(&args.static_dir)?;
    let (archive, report) = current_archive(&args.dirs)?;
    if let Some(report) = report {
        print_report(&report, &args.dirs.index);
    }
    tracing::info!(statements = archive.num_docs(), "index open");
    // Compile the thesaurus, gazetteer and learned lexicon now, not on the first query.
    crate::search::expand::prepare();
    crate::search::suggest::prepare();
    let live = Arc::new(Live::new(archive));
    // Another process's `index` run shows here within a second, without a restart.
    live::follow_every(&live, FOLLOW_EVERY);
    let _watch = match args.watch {
        true => {
            let options = IndexOptions::new(&args.dirs.index);
            let watch = live::watch(&args.dirs.corpus, options, &live)
                .with_context(|| format!("cannot watch {}", args.dirs.corpus.display()))?;
            tracing::info!("watching {} for changes", args.dirs.corpus.display());
            Some(watch)
        }
        false => None,
    };
    let app = web::router(
        AppState::serving(live, assets)
            .with_public_url(args.public_url.clone())
            .with_corpus(&args.dirs.corpus),
    );
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = web::listen(&args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let bound = listener.local_addr()?;
        if !bound.ip().is_loopback() && args.public_url.is_none() {
            // Citations, feeds, the sitemap and OpenSearch then name whatever host a client
            // sent, as http://: fine on a laptop, wrong behind a proxy or on the open web.
            tracing::warn!(
                "serving on {bound} without --public-url: links in citations and feeds use each \
                 request's Host header and http://; give --public-url https://your.host"
            );
        }
        // Before saying so: a signal from then on stops the server cleanly.
        let shutdown = web::shutdown_signal();
        println!("serving the archive at http://{}", listener.local_addr()?);
        web::serve(listener, app, web::ServerLimits::default(), shutdown).await;
        anyhow::Ok(())
    })
}

/// Builds the index when missing or stale. When the corpus cannot be read but an index
/// exists, the existing index is served (with a warning) rather than nothing.
/// Returns the build report when a build happened; `eval` opens its index the same way.
pub(super) fn current_archive(dirs: &CorpusArgs) -> anyhow::Result<(Archive, Option<BuildReport>)> {
    let options = IndexOptions::new(&dirs.index);
    let corpus = match open_corpus(dirs) {
        Ok(corpus) => corpus,
        Err(e) => {
            if let Some(archive) = Archive::open(&dirs.index)? {
                tracing::warn!("{e:#}; serving the existing index");
                return Ok((archive, None));
            }
            return Err(e);
        }
    };
    let bar = Progress::new();
    let result = index::ensure(&corpus, &options, &|e| bar.on(e));
    bar.finish();
    result.map_err(explain)
}
