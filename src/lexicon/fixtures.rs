//! Tiny handmade dictd dictionaries for tests (of the lexicon and of the build).

use std::fs;
use std::io::Write;
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;

use super::dictd::encode_b64;

/// Writes `name.index` and `name.dict.dz` holding `entries` (headword, body).
pub(crate) fn write_dict(dir: &Path, name: &str, entries: &[(&str, &str)]) {
    let mut data = String::from("00-database-short\nA test dictionary\n");
    let mut index = format!("00-database-short\tA\t{}\n", encode_b64(data.len() as u64));
    for (head, body) in entries {
        index.push_str(&format!(
            "{head}\t{}\t{}\n",
            encode_b64(data.len() as u64),
            encode_b64(body.len() as u64)
        ));
        data.push_str(body);
    }
    fs::write(dir.join(format!("{name}.index")), index).expect("write index");
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(data.as_bytes()).expect("gzip");
    fs::write(
        dir.join(format!("{name}.dict.dz")),
        gz.finish().expect("gzip"),
    )
    .expect("write dict");
}
