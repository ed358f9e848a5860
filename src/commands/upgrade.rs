//! `wiretrace index upgrade --index FILE`: the index signed again from its stored texts
//! ([`crate::index::upgrade`]).

use std::time::Instant;

use crate::config::UpgradeConfig;
use crate::error::Result;

/// `wiretrace index upgrade --index FILE`.
pub fn upgrade(config: &UpgradeConfig) -> Result<()> {
    let started = Instant::now();
    let pool = crate::pipeline::run::thread_pool(config.run.threads)?;
    let done = pool.install(|| {
        crate::index::upgrade::upgrade(
            &config.index,
            config.agencies.as_deref(),
            &config.run,
            config.lock_timeout,
        )
    })?;
    if !config.run.quiet {
        eprintln!(
            "wiretrace: upgraded {}: {} articles signed again, {} pairs ({:.1} s); `wiretrace report --index {}` writes its reports",
            config.index.display(),
            done.articles,
            done.pairs,
            started.elapsed().as_secs_f64(),
            config.index.display()
        );
    }
    Ok(())
}
