//! Prescan. STUB
