//! Small drawing and editing pieces the views share.

pub mod fit;
pub mod popup_clear;
pub mod text_input;
