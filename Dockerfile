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
RUN useradd --system --uid 10001 --home /app archive \
 && mkdir -p /app/corpus /app/var \
 && chown -R archive /app/var
WORKDIR /app
COPY --from=build /src/target/release/statement-archive /usr/local/bin/statement-archive
COPY static static
COPY corpus corpus
USER archive
# The corpus is input (mount your own read-only); the index is state.
VOLUME ["/app/corpus", "/app/var"]
EXPOSE 8080
ENTRYPOINT ["statement-archive"]
CMD ["serve", "--corpus", "/app/corpus", "--index", "/app/var/index", "--addr", "0.0.0.0:8080", "--static-dir", "/app/static"]
