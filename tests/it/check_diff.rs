//! planlint's own tree diff against `git diff-tree -r -M --name-status` on the same commits:
//! additions, deletions, edits, exact renames and renames with edits, a file turned into a
//! folder and back, symbolic links, mode changes, nested folders, odd names, and a merge.

use crate::common;

use std::collections::BTreeSet;

use common::TestRepo;
use planlint::git::range::Revisions;
use planlint::git::{ChangeKind, Differ, RangeSpec, Repo};

/// `STATUS\tpath` lines (`R\told\tnew` for renames), as git prints them for `commit` against
/// its first parent (the empty tree for a root commit).
fn git_lines(repo: &TestRepo, commit: &str) -> BTreeSet<String> {
    let parent = format!("{commit}^1");
    let has_parent = common::git_command(repo.path())
        .args(["rev-parse", "-q", "--verify", &parent])
        .output()
        .unwrap()
        .status
        .success();
    let quiet = ["-c", "core.quotePath=false"];
    let out = if has_parent {
        repo.git(&[
            quiet[0],
            quiet[1],
            "diff",
            "-M",
            "--name-status",
            &parent,
            commit,
        ])
    } else {
        repo.git(&[
            quiet[0],
            quiet[1],
            "diff-tree",
            "-r",
            "-M",
            "--root",
            "--no-commit-id",
            "--name-status",
            commit,
        ])
    };
    out.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let parts: Vec<&str> = l.split('\t').collect();
            match &parts[0][..1] {
                "R" => format!("R\t{}\t{}", parts[1], parts[2]),
                s => format!("{s}\t{}", parts[1]),
            }
        })
        .collect()
}

fn our_lines(repo: &Repo, differ: &mut Differ<'_>, id: &str) -> BTreeSet<String> {
    let info = repo
        .commit_info(gix::ObjectId::from_hex(id.as_bytes()).unwrap())
        .unwrap();
    differ
        .changes(&info)
        .unwrap()
        .unwrap_or_default()
        .into_iter()
        .map(|c| match c.kind {
            ChangeKind::Added => format!("A\t{}", c.path),
            ChangeKind::Deleted => format!("D\t{}", c.path),
            ChangeKind::Modified => format!("M\t{}", c.path),
            ChangeKind::Renamed { from } => format!("R\t{from}\t{}", c.path),
        })
        .collect()
}

fn lines(n: usize, tag: &str) -> String {
    (0..n)
        .map(|i| format!("line {i} of the {tag} file\n"))
        .collect()
}

#[test]
fn our_diff_matches_git_on_every_commit() {
    let repo = TestRepo::new();
    let mut commits = Vec::new();
    repo.write("a.txt", lines(20, "a"))
        .write("dir/b.txt", lines(20, "b"))
        .write("dir/sub/c.txt", lines(20, "c"))
        .write("name with space.md", "x\n")
        .write("ünïcödé.txt", "u\n")
        .write("empty-1", "")
        .write("keep/z.txt", "z\n");
    commits.push(repo.commit("chore: root"));

    repo.write("a.txt", lines(21, "a"));
    repo.git(&["rm", "-q", "dir/sub/c.txt"]);
    repo.write("dir/new.txt", "n\n");
    commits.push(repo.commit("chore: edit, delete, add"));

    std::fs::create_dir_all(repo.path().join("moved")).unwrap();
    repo.git(&["mv", "dir/b.txt", "moved/b.txt"]);
    commits.push(repo.commit("chore: exact rename"));

    std::fs::create_dir_all(repo.path().join("renamed")).unwrap();
    repo.git(&["mv", "a.txt", "renamed/a2.txt"]);
    let mut edited = lines(20, "a");
    edited.push_str("one more line\n");
    repo.write("renamed/a2.txt", edited);
    commits.push(repo.commit("chore: rename with an edit"));

    // A file becomes a folder of the same name, and the empty file moves (empty files do
    // not pair as renames).
    repo.git(&["rm", "-q", "name with space.md"]);
    repo.write("name with space.md/inner.txt", "i\n");
    repo.git(&["mv", "empty-1", "empty-2"]);
    commits.push(repo.commit("chore: file to folder"));

    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("keep/z.txt", repo.path().join("link")).unwrap();
        use std::os::unix::fs::PermissionsExt;
        let p = repo.path().join("ünïcödé.txt");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        commits.push(repo.commit("chore: a link and a mode change"));
    }

    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.write("side.txt", "s\n");
    commits.push(repo.commit("chore: side"));
    repo.git(&["checkout", "-q", "main"]);
    repo.write("main.txt", "m\n");
    commits.push(repo.commit("chore: main"));
    repo.git(&["merge", "-q", "--no-ff", "-m", "Merge side", "side"]);
    commits.push(repo.head());

    let opened = Repo::open(repo.path()).unwrap();
    let mut differ = Differ::new(&opened, Default::default());
    for c in &commits {
        assert_eq!(
            our_lines(&opened, &mut differ, c),
            git_lines(&repo, c),
            "commit {c}"
        );
    }
    // The walk sees every commit once.
    let all = opened.resolve(&RangeSpec::new(Revisions::All)).unwrap();
    assert_eq!(opened.walk(&all).count(), commits.len());
}
