//! Errors at the web edge: library errors become a status and a message a person can act
//! on, rendered as an HTML page (`PageError`) or as JSON (`ApiError`).

use std::sync::Arc;

use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::view::Layout;
use crate::index::IndexError;
use crate::search::SearchError;

#[derive(Debug, Clone, PartialEq)]
pub struct WebError {
    status: StatusCode,
    message: String,
}

/// Seconds a client is asked to wait when the archive sheds load.
pub const RETRY_AFTER_SECS: u64 = 5;

impl WebError {
    pub fn bad_request(message: impl Into<String>) -> WebError {
        WebError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> WebError {
        WebError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    /// Too much work already running: answered 503 with `Retry-After`, never queued without end.
    pub fn busy() -> WebError {
        WebError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: format!(
                "The archive is busy with other searches; please try again in {RETRY_AFTER_SECS} seconds."
            ),
        }
    }

    /// A server-side failure: logged in full, answered without internals.
    pub fn internal(detail: impl std::fmt::Display) -> WebError {
        tracing::error!(%detail, "request failed");
        WebError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "Something went wrong on our side. Please try again.".into(),
        }
    }

    /// A shed request says when to come back.
    fn add_retry_after(&self, response: &mut Response) {
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(RETRY_AFTER_SECS),
            );
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl From<SearchError> for WebError {
    fn from(e: SearchError) -> Self {
        if matches!(e, SearchError::TooSlow) {
            return WebError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                message: format!("{}.", capitalised(&e.to_string())),
            };
        }
        if e.is_user_error() {
            WebError::bad_request(e.to_string())
        } else {
            WebError::internal(e)
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl From<IndexError> for WebError {
    fn from(e: IndexError) -> Self {
        WebError::internal(e)
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::internal(e)
    }
}

impl From<tokio::task::JoinError> for WebError {
    fn from(e: tokio::task::JoinError) -> Self {
        WebError::internal(e)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    title: String,
    message: &'a str,
}

/// An error answered as an HTML page.
#[derive(Debug)]
pub struct PageError(pub WebError);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let e = self.0;
        let page = ErrorPage {
            // Rendered without the app state, so the page links the plain asset paths, which
            // answer with the short cache; error pages are rare enough for that not to matter.
            layout: Layout::new(&Arc::default()),
            title: format!(
                "{} {}",
                e.status.as_u16(),
                e.status.canonical_reason().unwrap_or("Error")
            ),
            message: &e.message,
        };
        let mut response = match page.render() {
            Ok(html) => (e.status, Html(html)).into_response(),
            Err(_) => (e.status, e.message.clone()).into_response(),
        };
        e.add_retry_after(&mut response);
        response
    }
}

/// An error answered as `{"error": "…", "status": N}`.
#[derive(Debug)]
pub struct ApiError(pub WebError);

/// `?` on any library error in a handler yields the right kind of answer.
macro_rules! wrap_errors {
    ($($wrapper:ident),*) => {$(
        impl From<WebError> for $wrapper {
            fn from(e: WebError) -> Self {
                $wrapper(e)
            }
        }
        impl From<SearchError> for $wrapper {
            fn from(e: SearchError) -> Self {
                $wrapper(e.into())
            }
        }
        impl From<IndexError> for $wrapper {
            fn from(e: IndexError) -> Self {
                $wrapper(e.into())
            }
        }
        impl From<askama::Error> for $wrapper {
            fn from(e: askama::Error) -> Self {
                $wrapper(e.into())
            }
        }
        impl From<tokio::task::JoinError> for $wrapper {
            fn from(e: tokio::task::JoinError) -> Self {
                $wrapper(e.into())
            }
        }
    )*};
}
wrap_errors!(PageError, ApiError);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        let body = serde_json::json!({ "error": e.message, "status": e.status.as_u16() });
        let mut response = (e.status, Json(body)).into_response();
        e.add_retry_after(&mut response);
        response
    }
}
