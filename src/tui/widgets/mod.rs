//! Small drawing and editing pieces the views share.

pub mod fit;
pub mod text_input;
