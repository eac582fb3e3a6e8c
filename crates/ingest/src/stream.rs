//! The byte stream under the archive readers: plain or gzip, with bounded
//! lines, a byte offset, push-back, and recovery after corrupt gzip data.
//!
//! Archives come as plain files, as one gzip member per record (the WARC
//! convention, which makes records independently readable), or as one gzip
//! stream for the whole file; members need not line up with records either.
//! [`Decoded`] reads all of these as one decompressed stream, member after
//! member. When a member is corrupt it can [`Decoded::recover`]: skip to the
//! next gzip header in the compressed bytes and go on, so one broken record
//! costs that record only.
//!
//! [`Input`] adds what a record parser needs on top: a buffer with lines read
//! up to a cap (so a file without newlines cannot grow memory), exact-length
//! reads that never allocate more than they actually received, an offset for
//! messages, bytes pushed back after a record turned out to overrun into the
//! next one, and a scan for the next record header.

use std::io::{self, BufRead, BufReader, Read};

use flate2::bufread::GzDecoder;

const GZIP_MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];
/// The buffer size for reading both compressed and decompressed bytes.
const CHUNK: usize = 64 * 1024;

/// A `BufRead` that first yields a few pushed-back bytes, then its inner reader.
pub(crate) struct Prefixed<R> {
    prefix: Vec<u8>,
    pos: usize,
    inner: R,
}

impl<R: BufRead> Read for Prefixed<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Prefixed<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos < self.prefix.len() {
            return Ok(&self.prefix[self.pos..]);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        let in_prefix = self.prefix.len() - self.pos;
        if in_prefix > 0 {
            let n = amount.min(in_prefix);
            self.pos += n;
            if self.pos == self.prefix.len() {
                self.prefix.clear();
                self.pos = 0;
            }
            if amount > n {
                self.inner.consume(amount - n);
            }
        } else {
            self.inner.consume(amount);
        }
    }
}

enum GzState<R> {
    Member(Box<GzDecoder<Prefixed<R>>>),
    Between(Prefixed<R>),
    Done,
}

/// Gzip members one after another, as one stream; can skip a corrupt member.
pub(crate) struct GzMembers<R> {
    state: GzState<R>,
}

impl<R: BufRead> GzMembers<R> {
    fn new(inner: R) -> Self {
        GzMembers {
            state: GzState::Between(Prefixed {
                prefix: Vec::new(),
                pos: 0,
                inner,
            }),
        }
    }

    /// After an error: drops the rest of the broken member and moves to the
    /// next gzip header in the compressed bytes. False if there is none.
    fn recover(&mut self) -> bool {
        let mut reader = match std::mem::replace(&mut self.state, GzState::Done) {
            GzState::Member(decoder) => decoder.into_inner(),
            GzState::Between(reader) => reader,
            GzState::Done => return false,
        };
        // How many bytes of the magic ended the previous buffer.
        let mut carried = 0usize;
        loop {
            let buf = match reader.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return false,
            };
            if buf.is_empty() {
                return false;
            }
            if carried > 0 {
                let rest = &GZIP_MAGIC[carried..];
                let n = rest.len().min(buf.len());
                if buf[..n] == rest[..n] {
                    if n == rest.len() {
                        // The magic straddled two buffers: put its start back.
                        reader.consume(n);
                        reader.prefix = GZIP_MAGIC.to_vec();
                        reader.pos = 0;
                        self.state = GzState::Member(Box::new(GzDecoder::new(reader)));
                        return true;
                    }
                    carried += n;
                    reader.consume(n);
                    continue;
                }
            }
            if let Some(at) = memchr::memmem::find(buf, &GZIP_MAGIC) {
                reader.consume(at);
                self.state = GzState::Member(Box::new(GzDecoder::new(reader)));
                return true;
            }
            let len = buf.len();
            carried = (1..GZIP_MAGIC.len())
                .rev()
                .find(|&k| buf.ends_with(&GZIP_MAGIC[..k]))
                .unwrap_or(0);
            reader.consume(len);
        }
    }
}

impl<R: BufRead> Read for GzMembers<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            match std::mem::replace(&mut self.state, GzState::Done) {
                GzState::Done => return Ok(0),
                GzState::Between(mut reader) => {
                    if reader.fill_buf()?.is_empty() {
                        return Ok(0);
                    }
                    self.state = GzState::Member(Box::new(GzDecoder::new(reader)));
                }
                GzState::Member(mut decoder) => match decoder.read(out) {
                    Ok(0) => self.state = GzState::Between(decoder.into_inner()),
                    Ok(n) => {
                        self.state = GzState::Member(decoder);
                        return Ok(n);
                    }
                    Err(e) => {
                        self.state = GzState::Member(decoder);
                        return Err(e);
                    }
                },
            }
        }
    }
}

/// A stream of archive bytes, gunzipped if it starts with the gzip magic.
pub(crate) enum Decoded<R> {
    Plain(BufReader<R>),
    Gzip(GzMembers<BufReader<R>>),
}

impl<R: Read> Decoded<R> {
    /// Wraps `reader`, sniffing gzip from its first bytes.
    pub(crate) fn new(reader: R) -> io::Result<Self> {
        let mut buffered = BufReader::with_capacity(CHUNK, reader);
        let head = buffered.fill_buf()?;
        Ok(if head.starts_with(&GZIP_MAGIC[..2]) {
            Decoded::Gzip(GzMembers::new(buffered))
        } else {
            Decoded::Plain(buffered)
        })
    }

    /// After a read error, skips to the next gzip member; false if the
    /// stream cannot go on (plain input, or no member left).
    pub(crate) fn recover(&mut self) -> bool {
        match self {
            Decoded::Plain(_) => false,
            Decoded::Gzip(members) => members.recover(),
        }
    }

    pub(crate) fn is_gzip(&self) -> bool {
        matches!(self, Decoded::Gzip(_))
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        match self {
            Decoded::Plain(reader) => reader.read(out),
            Decoded::Gzip(members) => members.read(out),
        }
    }
}

/// A line read with a cap.
pub(crate) enum Line {
    /// The line without its `\n` or `\r\n`.
    Text(Vec<u8>),
    /// The line was longer than the cap; it was consumed (up to its newline
    /// or the end of the stream) and dropped.
    TooLong,
    /// The stream ended before any byte of a line.
    Eof,
}

/// The decompressed stream with a buffer, an offset and push-back.
pub(crate) struct Input<R> {
    inner: Decoded<R>,
    buf: Vec<u8>,
    pos: usize,
    /// Offset in the decompressed stream of `buf[pos]`.
    offset: u64,
    eof: bool,
    /// The byte just before `buf[pos]` (`\n` at the start and after a recovery).
    prev: u8,
}

impl<R: Read> Input<R> {
    pub(crate) fn new(inner: Decoded<R>) -> Self {
        Input {
            inner,
            buf: Vec::with_capacity(CHUNK),
            pos: 0,
            offset: 0,
            eof: false,
            prev: b'\n',
        }
    }

    pub(crate) fn offset(&self) -> u64 {
        self.offset
    }

    pub(crate) fn is_gzip(&self) -> bool {
        self.inner.is_gzip()
    }

    /// The unread bytes in the buffer.
    pub(crate) fn available(&self) -> &[u8] {
        &self.buf[self.pos..]
    }

    /// Reads until at least `want` bytes are buffered or the stream ends;
    /// returns how many are buffered.
    pub(crate) fn fill(&mut self, want: usize) -> io::Result<usize> {
        while self.buf.len() - self.pos < want && !self.eof {
            if self.pos > 0 && (self.pos >= CHUNK || self.pos * 2 >= self.buf.len()) {
                self.buf.drain(..self.pos);
                self.pos = 0;
            }
            let len = self.buf.len();
            let grow = CHUNK.max(want.saturating_sub(len - self.pos).min(4 * CHUNK));
            self.buf.resize(len + grow, 0);
            let result = loop {
                match self.inner.read(&mut self.buf[len..]) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    other => break other,
                }
            };
            match result {
                Ok(0) => {
                    self.buf.truncate(len);
                    self.eof = true;
                }
                Ok(n) => self.buf.truncate(len + n),
                Err(e) => {
                    self.buf.truncate(len);
                    return Err(e);
                }
            }
        }
        Ok(self.buf.len() - self.pos)
    }

    pub(crate) fn consume(&mut self, n: usize) {
        let n = n.min(self.buf.len() - self.pos);
        if n > 0 {
            self.prev = self.buf[self.pos + n - 1];
        }
        self.pos += n;
        self.offset += n as u64;
        if self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
        }
    }

    /// Puts `bytes` back in front of the stream (they were read too far).
    pub(crate) fn unread(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        let mut buf = Vec::with_capacity(bytes.len() + self.buf.len() - self.pos);
        buf.extend_from_slice(bytes);
        buf.extend_from_slice(&self.buf[self.pos..]);
        self.buf = buf;
        self.pos = 0;
        self.offset = self.offset.saturating_sub(bytes.len() as u64);
        self.prev = b'\n';
    }

    /// Skips `\r` and `\n` bytes; true if the stream goes on after them.
    pub(crate) fn skip_newlines(&mut self) -> io::Result<bool> {
        loop {
            if self.fill(1)? == 0 {
                return Ok(false);
            }
            let run = self
                .available()
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
            if run == 0 {
                return Ok(true);
            }
            self.consume(run);
        }
    }

    /// Reads one line of at most `max` bytes.
    pub(crate) fn read_line(&mut self, max: usize) -> io::Result<Line> {
        let mut searched = 0;
        loop {
            let have = self.fill(searched + 1)?;
            if have == 0 {
                return Ok(Line::Eof);
            }
            // Room for the line, its `\r` and its `\n`.
            let upto = have.min(max.saturating_add(2));
            if let Some(at) = memchr::memchr(b'\n', &self.available()[searched..upto]) {
                let end = searched + at;
                let mut line = self.available()[..end].to_vec();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                self.consume(end + 1);
                return Ok(if line.len() > max {
                    Line::TooLong
                } else {
                    Line::Text(line)
                });
            }
            if upto >= max.saturating_add(2) {
                self.skip_line()?;
                return Ok(Line::TooLong);
            }
            searched = upto;
            if self.eof {
                let line = self.available().to_vec();
                self.consume(line.len());
                return Ok(if line.len() > max {
                    Line::TooLong
                } else {
                    Line::Text(line)
                });
            }
        }
    }

    /// Consumes bytes up to and including the next `\n`, or to the end.
    fn skip_line(&mut self) -> io::Result<()> {
        loop {
            if self.fill(1)? == 0 {
                return Ok(());
            }
            if let Some(at) = memchr::memchr(b'\n', self.available()) {
                self.consume(at + 1);
                return Ok(());
            }
            let n = self.available().len();
            self.consume(n);
        }
    }

    /// Appends up to `n` bytes to `out`, fewer only if the stream ends first.
    /// `out` grows with the bytes that actually arrive, not with `n`.
    pub(crate) fn read_exact_or_less(&mut self, n: u64, out: &mut Vec<u8>) -> io::Result<u64> {
        let mut left = n;
        while left > 0 {
            let want = usize::try_from(left).unwrap_or(usize::MAX).min(CHUNK);
            let have = self.fill(want)?;
            if have == 0 {
                break;
            }
            let take = have.min(usize::try_from(left).unwrap_or(usize::MAX));
            out.extend_from_slice(&self.available()[..take]);
            self.consume(take);
            left -= take as u64;
        }
        Ok(n - left)
    }

    /// Skips up to `n` bytes (fewer if the stream ends); returns how many.
    pub(crate) fn skip(&mut self, n: u64) -> io::Result<u64> {
        let mut left = n;
        while left > 0 {
            let have = self.fill(CHUNK)?;
            if have == 0 {
                break;
            }
            let take = have.min(usize::try_from(left).unwrap_or(usize::MAX));
            self.consume(take);
            left -= take as u64;
        }
        Ok(n - left)
    }

    /// Skips up to `n` bytes, stopping early at a line starting with `marker`
    /// (checked with `accept`) that follows a blank line: a record boundary
    /// inside a record whose length cannot be trusted. Returns the bytes
    /// skipped and whether it stopped at such a boundary.
    pub(crate) fn skip_until_boundary(
        &mut self,
        n: u64,
        marker: &[u8],
        accept: impl Fn(&[u8]) -> bool,
    ) -> io::Result<(u64, bool)> {
        let mut left = n;
        // A boundary: "\n\n" or "\n\r\n", then the marker.
        while left > 0 {
            let have = self.fill(CHUNK)?;
            if have == 0 {
                break;
            }
            let limit = have.min(usize::try_from(left).unwrap_or(usize::MAX));
            let window = &self.available()[..have];
            let mut from = 0;
            let mut found = None;
            while let Some(at) = memchr::memmem::find(&window[from..], marker) {
                let at = from + at;
                if at > limit {
                    break;
                }
                let blank_before = window[..at].ends_with(b"\n\n")
                    || window[..at].ends_with(b"\n\r\n")
                    || (at == 0 && self.prev == b'\n');
                if blank_before && accept(&window[at..]) {
                    found = Some(at);
                    break;
                }
                from = at + 1;
            }
            if let Some(at) = found {
                self.consume(at);
                left -= at as u64;
                return Ok((n - left, true));
            }
            // Keep a tail so a marker split across reads is still seen.
            let keep = if limit == have && !self.eof {
                (marker.len() + 3).min(limit)
            } else {
                0
            };
            let step = (limit - keep).max(1).min(limit);
            self.consume(step);
            left -= step as u64;
        }
        Ok((n - left, false))
    }

    /// Moves to the next line that starts with `marker` and passes `accept`
    /// (which sees at least 16 bytes past the marker when the stream has them).
    /// False if the stream ends first.
    pub(crate) fn seek_line_starting(
        &mut self,
        marker: &[u8],
        accept: impl Fn(&[u8]) -> bool,
    ) -> io::Result<bool> {
        let mut pattern = Vec::with_capacity(marker.len() + 1);
        pattern.push(b'\n');
        pattern.extend_from_slice(marker);
        loop {
            let have = self.fill(marker.len() + 16)?;
            if have == 0 {
                return Ok(false);
            }
            if self.prev == b'\n' && self.available().starts_with(marker) {
                if accept(self.available()) {
                    return Ok(true);
                }
                self.consume(1);
                continue;
            }
            match memchr::memmem::find(self.available(), &pattern) {
                Some(at) => self.consume(at + 1),
                None if self.eof => {
                    self.consume(have);
                    return Ok(false);
                }
                None => {
                    self.consume(have.saturating_sub(marker.len()));
                    self.fill(CHUNK)?;
                }
            }
        }
    }

    /// After a read error: drops what is buffered and moves to the next gzip
    /// member, if the stream has one. False if reading cannot go on.
    pub(crate) fn recover(&mut self) -> bool {
        let n = self.buf.len() - self.pos;
        self.offset += n as u64;
        self.buf.clear();
        self.pos = 0;
        self.prev = b'\n';
        if self.inner.recover() {
            self.eof = false;
            true
        } else {
            self.eof = true;
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
        encoder.write_all(data).expect("in memory");
        encoder.finish().expect("in memory")
    }

    fn input(bytes: &[u8]) -> Input<&[u8]> {
        Input::new(Decoded::new(bytes).expect("in memory"))
    }

    #[test]
    fn members_read_as_one_stream() {
        let mut packed = gzip(b"one\n");
        packed.extend(gzip(b"two\n"));
        let mut text = String::new();
        Decoded::new(&packed[..])
            .expect("in memory")
            .read_to_string(&mut text)
            .expect("valid gzip");
        assert_eq!(text, "one\ntwo\n");
    }

    #[test]
    fn a_corrupt_member_is_skipped_after_recovery() {
        let mut packed = gzip(b"one\n");
        let mut broken = gzip(&b"two two two two two two\n".repeat(50));
        let middle = broken.len() / 2;
        broken[middle..middle + 8].copy_from_slice(&[0xff; 8]);
        packed.extend(broken);
        packed.extend(gzip(b"three\n"));
        let mut input = input(&packed);
        let mut lines = Vec::new();
        loop {
            match input.read_line(100) {
                Ok(Line::Text(line)) => lines.push(String::from_utf8_lossy(&line).into_owned()),
                Ok(Line::TooLong) => {}
                Ok(Line::Eof) => break,
                Err(_) => assert!(input.recover()),
            }
        }
        assert_eq!(lines.first().map(String::as_str), Some("one"));
        assert_eq!(lines.last().map(String::as_str), Some("three"));
    }

    #[test]
    fn long_lines_are_dropped_not_held() {
        let mut data = vec![b'x'; 10_000];
        data.extend_from_slice(b"\nshort\r\n");
        let mut input = input(&data);
        assert!(matches!(input.read_line(100), Ok(Line::TooLong)));
        match input.read_line(100) {
            Ok(Line::Text(line)) => assert_eq!(line, b"short"),
            _ => panic!("the short line should follow"),
        }
        assert!(matches!(input.read_line(100), Ok(Line::Eof)));
    }

    #[test]
    fn lengths_never_allocate_ahead_of_the_data() {
        let mut input = input(b"tiny");
        let mut out = Vec::new();
        let got = input
            .read_exact_or_less(1 << 30, &mut out)
            .expect("in memory");
        assert_eq!(got, 4);
        assert!(out.capacity() < 1 << 20);
    }

    #[test]
    fn unread_bytes_come_back_first() {
        let mut input = input(b"world");
        input.unread(b"hello ");
        let mut out = Vec::new();
        input.read_exact_or_less(100, &mut out).expect("in memory");
        assert_eq!(out, b"hello world");
    }

    #[test]
    fn seeking_finds_a_marker_at_a_line_start_only() {
        let mut input = input(b"xx WARC/1.0 no\njunk\nWARC/1.0\r\nrest");
        let found = input
            .seek_line_starting(b"WARC/", |_| true)
            .expect("in memory");
        assert!(found);
        assert!(input.available().starts_with(b"WARC/1.0\r\n"));
        assert_eq!(input.offset(), 20);
    }
}
