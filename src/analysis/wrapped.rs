//! The plumbing shared by the analyzers that wrap another and add tokens to its stream (concept
//! tokens, hyphenated compounds).

use tantivy::tokenizer::{BoxTokenStream, Token, TokenStream};

/// A wrapped stream and the token the wrapper gives out: the inner stream's own, passed
/// through uncopied (most tokens are), or one the wrapper made.
pub struct Wrapped<'a> {
    pub inner: BoxTokenStream<'a>,
    made: Token,
    passing: bool,
}

impl<'a> Wrapped<'a> {
    pub fn new(inner: BoxTokenStream<'a>) -> Wrapped<'a> {
        Wrapped {
            inner,
            made: Token::default(),
            passing: false,
        }
    }

    /// Gives out the inner stream's current token.
    pub fn pass(&mut self) {
        self.passing = true;
    }

    /// Gives out `token`, and hands back the one made before it, so a stream that copies
    /// tokens can reuse its buffer instead of allocating another.
    pub fn give(&mut self, token: Token) -> Token {
        self.passing = false;
        std::mem::replace(&mut self.made, token)
    }

    pub fn token(&self) -> &Token {
        if self.passing {
            self.inner.token()
        } else {
            &self.made
        }
    }

    pub fn token_mut(&mut self) -> &mut Token {
        if self.passing {
            self.inner.token_mut()
        } else {
            &mut self.made
        }
    }
}
