//! Writes a generated policy to a file or to standard output:
//!
//! ```text
//! cargo run --release -p stroom-bench --bin generate -- --shape layered --size 100000 \
//!     --seed 7 -o big.policy
//! ```

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use stroom_bench::{Shape, Spec, generate};

/// What `--size` means for each shape.
const SIZE_HELP: &str = "The size: about this many nodes for `layered` and `shared`, this many \
                         questions for `chain`, this many answers for `wide`";

/// Writes a generated Stroom policy.
#[derive(Debug, Parser)]
#[command(about)]
struct Args {
    /// The shape: layered, chain, wide or shared.
    #[arg(long, default_value = "layered")]
    shape: Shape,
    #[arg(long, default_value_t = 1000, help = SIZE_HELP)]
    size: usize,
    /// The seed of the random choices; the same arguments always give the same policy.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Leave out recalls.
    #[arg(long)]
    no_recalls: bool,
    /// Long texts, explanations, legal references and notes.
    #[arg(long)]
    long_texts: bool,
    /// The file to write; standard output without it.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let spec = Spec::new(args.shape, args.size)
        .seed(args.seed)
        .recalls(!args.no_recalls)
        .long_texts(args.long_texts);
    let text = generate(&spec);

    let written = match &args.output {
        Some(path) => std::fs::write(path, &text),
        None => std::io::stdout().lock().write_all(text.as_bytes()),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("generate: cannot write the policy: {error}");
            ExitCode::FAILURE
        }
    }
}
