//! The magic cookie: the shared secret two nodes prove they both know.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Length of a cookie made by [`create_cookie`], as `erl` makes them.
pub const GENERATED_COOKIE_LEN: usize = 20;

/// `$HOME/.erlang.cookie`, the file `erl` reads its cookie from.
pub fn cookie_path() -> io::Result<PathBuf> {
    match std::env::var_os("HOME") {
        Some(home) if !home.is_empty() => Ok(Path::new(&home).join(".erlang.cookie")),
        _ => Err(io::Error::new(io::ErrorKind::NotFound, "HOME is not set, so there is no ~/.erlang.cookie")),
    }
}

/// The cookie `erl` would use without `-setcookie`: the content of
/// `$HOME/.erlang.cookie`, which is created first (20 random uppercase
/// letters, readable by its owner only) when missing.
pub fn default_cookie() -> io::Result<String> {
    let path = cookie_path()?;
    match read_cookie(&path) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => match create_cookie(&path) {
            Ok(cookie) => Ok(cookie),
            // Another process created it between our read and our create.
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => read_cookie(&path),
            Err(err) => Err(err),
        },
        other => other,
    }
}

/// Reads a cookie file: its first line without surrounding white space.
/// An empty cookie is an error.
pub fn read_cookie(path: &Path) -> io::Result<String> {
    let text = fs::read_to_string(path)?;
    let cookie = text.lines().next().unwrap_or_default().trim();
    if cookie.is_empty() {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("cookie file {} is empty", path.display())));
    }
    Ok(cookie.to_string())
}

/// Creates a cookie file that does not exist yet, holding a new random
/// cookie of [`GENERATED_COOKIE_LEN`] uppercase letters (no newline) with
/// mode 0400, and returns the cookie. Fails with `AlreadyExists` when the
/// file is there.
pub fn create_cookie(path: &Path) -> io::Result<String> {
    let cookie = random_cookie();
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o400);
    }
    let mut file = options.open(path)?;
    file.write_all(cookie.as_bytes())?;
    file.sync_all()?;
    Ok(cookie)
}

/// A new random cookie of [`GENERATED_COOKIE_LEN`] letters `A`..=`Z`.
pub fn random_cookie() -> String {
    let mut bytes = [0u8; GENERATED_COOKIE_LEN];
    crate::random::fill(&mut bytes);
    // 256 is not a multiple of 26; the bias this leaves is negligible for a
    // cookie and matches what erl's own generator gives.
    bytes.iter().map(|b| char::from(b'A' + b % 26)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_then_read() {
        let dir = std::env::temp_dir().join(format!("girder-dist-cookie-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join(".erlang.cookie");
        let _ = fs::remove_file(&path);
        let made = create_cookie(&path).unwrap();
        assert_eq!(made.len(), GENERATED_COOKIE_LEN);
        assert!(made.bytes().all(|b| b.is_ascii_uppercase()));
        assert_eq!(read_cookie(&path).unwrap(), made);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o400);
        }
        assert_eq!(create_cookie(&path).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
        let _ = fs::remove_file(&path);
        let _ = fs::remove_dir(&dir);
    }

    #[test]
    fn first_line_trimmed() {
        let dir = std::env::temp_dir().join(format!("girder-dist-cookie2-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("c");
        fs::write(&path, "  SECRET \nother\n").unwrap();
        assert_eq!(read_cookie(&path).unwrap(), "SECRET");
        fs::write(&path, "\n").unwrap();
        assert_eq!(read_cookie(&path).unwrap_err().kind(), io::ErrorKind::InvalidData);
        let _ = fs::remove_file(&path);
        let _ = fs::remove_dir(&dir);
    }
}
