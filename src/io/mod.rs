//! Reading and writing files other programs make and read: CSV, XLSX,
//! iCalendar, dates as offices type them.

pub mod bulletin_docx;
pub mod csv;
pub mod dates;
pub mod ics;
pub mod info_file;
pub mod input;
pub mod people_file;
pub mod work_file;
