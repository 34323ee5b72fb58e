# Multi-stage build: compile with the full toolchain, run from a small non-root image.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src src
COPY templates templates
COPY data data
COPY benches benches
RUN cargo build --release --locked --bin statement-archive

FROM debian:bookworm-slim
# The bilingual dictionaries the lexicon is built from, as `cargo run` on a machine that has
# them: without them cross-language search has the thesaurus and gazetteer only.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      dict-freedict-eng-ara dict-freedict-ara-eng mueller7-dict dict-freedict-eng-rus \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --home /app archive \
 && mkdir -p /app/corpus /app/var \
 && chown -R archive /app/var
WORKDIR /app
COPY --from=build /src/target/release/statement-archive /usr/local/bin/statement-archive
COPY static static
COPY corpus corpus
USER archive
# The corpus is input (mount your own read-only); the index is state. Set
# STATEMENT_ARCHIVE_PUBLIC_URL to the address people reach the site at (citations and feeds
# name it). `docker stop` sends SIGTERM: the server drains for up to 8 s, within Docker's 10.
VOLUME ["/app/corpus", "/app/var"]
EXPOSE 8080
ENTRYPOINT ["statement-archive"]
CMD ["serve", "--watch", "--corpus", "/app/corpus", "--index", "/app/var/index", "--addr", "0.0.0.0:8080", "--static-dir", "/app/static"]
