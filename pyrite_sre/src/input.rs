//! The subject string abstraction.
//!
//! CPython's sre works on three physical string kinds (1, 2 and 4 bytes per
//! character) plus `bytes`-like objects. The matcher only needs random access
//! to code points by index, so any of those representations can be used.

/// A subject string: a sequence of code points with O(1) indexed access.
///
/// Indices passed to [`Input::char_at`] are always `< self.char_len()`.
pub trait Input {
    /// Number of characters (code units) in the subject.
    fn char_len(&self) -> usize;
    /// The character at index `i`, as a code point value.
    fn char_at(&self, i: usize) -> u32;
}

impl Input for [u8] {
    #[inline]
    fn char_len(&self) -> usize {
        self.len()
    }
    #[inline]
    fn char_at(&self, i: usize) -> u32 {
        self.get(i).map_or(0, |&b| b as u32)
    }
}

impl Input for [u16] {
    #[inline]
    fn char_len(&self) -> usize {
        self.len()
    }
    #[inline]
    fn char_at(&self, i: usize) -> u32 {
        self.get(i).map_or(0, |&b| b as u32)
    }
}

impl Input for [u32] {
    #[inline]
    fn char_len(&self) -> usize {
        self.len()
    }
    #[inline]
    fn char_at(&self, i: usize) -> u32 {
        self.get(i).copied().unwrap_or(0)
    }
}

impl Input for [char] {
    #[inline]
    fn char_len(&self) -> usize {
        self.len()
    }
    #[inline]
    fn char_at(&self, i: usize) -> u32 {
        self.get(i).map_or(0, |&c| c as u32)
    }
}

impl<T: Input + ?Sized> Input for &T {
    #[inline]
    fn char_len(&self) -> usize {
        (**self).char_len()
    }
    #[inline]
    fn char_at(&self, i: usize) -> u32 {
        (**self).char_at(i)
    }
}

impl<const N: usize> Input for [u8; N] {
    #[inline]
    fn char_len(&self) -> usize {
        N
    }
    #[inline]
    fn char_at(&self, i: usize) -> u32 {
        self.get(i).map_or(0, |&b| b as u32)
    }
}

impl Input for Vec<u8> {
    #[inline]
    fn char_len(&self) -> usize {
        self.len()
    }
    #[inline]
    fn char_at(&self, i: usize) -> u32 {
        self.get(i).map_or(0, |&b| b as u32)
    }
}

impl Input for Vec<u32> {
    #[inline]
    fn char_len(&self) -> usize {
        self.len()
    }
    #[inline]
    fn char_at(&self, i: usize) -> u32 {
        self.get(i).copied().unwrap_or(0)
    }
}

impl Input for Vec<char> {
    #[inline]
    fn char_len(&self) -> usize {
        self.len()
    }
    #[inline]
    fn char_at(&self, i: usize) -> u32 {
        self.get(i).map_or(0, |&c| c as u32)
    }
}
