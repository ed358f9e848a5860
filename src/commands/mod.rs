//! The commands, one file each: thin, they build the stages from a validated configuration and
//! hand each the data of the one before.

pub mod explain;
pub mod scan;
pub mod shell;
