//! The GIL and GIL-protected global state.

use std::cell::UnsafeCell;

/// A global protected by the GIL: only the thread holding the GIL may call `get`.
pub struct GilCell<T>(UnsafeCell<T>);

// SAFETY: access is serialized by the GIL.
unsafe impl<T> Sync for GilCell<T> {}

impl<T> GilCell<T> {
    pub const fn new(v: T) -> Self {
        GilCell(UnsafeCell::new(v))
    }
    /// # Safety contract
    /// The caller holds the GIL and does not keep the reference across Python code
    /// that could call `get` on the same cell.
    #[allow(clippy::mut_from_ref)]
    #[inline(always)]
    pub fn get(&self) -> &mut T {
        unsafe { &mut *self.0.get() }
    }
}
