# BenchMaint.pm — bench/run's "Maintenance during runs": what PostgreSQL's
# autovacuum and checkpointer did while a run was measured, from a
# snapshot of its statistics taken before the run and another after.
#
#   my $before = maint_parse(psql(MAINT_SQL));
#   ... the run ...
#   my $what = maint_during($before, maint_parse(psql(MAINT_SQL)));
#   # '' when nothing happened, else e.g. "autovacuum workout_sets,
#   # autoanalyze workouts ×2, 1 checkpoint, under way at the end: VACUUM workouts"
#
# MAINT_RE matches a non-empty answer of maint_during, for tests.
package BenchMaint;
use strict;
use warnings;
use Exporter qw(import);

our @EXPORT_OK = qw(MAINT_SQL MAINT_RE maint_parse maint_during);

# One query, a line per fact: each exbuddy table's autovacuum and
# autoanalyze counts ("t|table|vacuums|analyses"), the checkpoints so far,
# timed and requested ("c|N"; PostgreSQL 17 moves them to
# pg_stat_checkpointer), and what each autovacuum worker is doing ("w|its
# activity"): a vacuum of a big table can outlast a run, and the counts
# only move when it ends.
use constant MAINT_SQL => "SELECT 't|' || relname || '|' || autovacuum_count || '|' || autoanalyze_count "
    . "FROM pg_stat_user_tables WHERE schemaname = 'exbuddy' "
    . "UNION ALL SELECT 'c|' || (checkpoints_timed + checkpoints_req) FROM pg_stat_bgwriter "
    . "UNION ALL SELECT 'w|' || query FROM pg_stat_activity "
    . "WHERE backend_type = 'autovacuum worker' AND query <> ''";

# maint_during's parts, joined with ", ".
use constant MAINT_RE => do {
	my $part = qr/(?:auto(?:vacuum|analyze) \w+(?: ×\d+)?|\d+ checkpoints?|under way at the (?:start|end): [^,]+)/;
	qr/^$part(?:, $part)*$/;
};

# maint_parse(TEXT): MAINT_SQL's answer as {autovacuum => {table => n},
# autoanalyze => {table => n}, checkpoints => n, busy => [what, ...]}.
sub maint_parse {
	my ($text) = @_;
	my %s = (autovacuum => {}, autoanalyze => {}, checkpoints => 0, busy => []);
	for my $line (split /\n/, $text // '') {
		my ($kind, $rest) = split /\|/, $line, 2;
		next unless defined $rest;
		if ($kind eq 't') {
			my ($table, $v, $a) = split /\|/, $rest;
			$s{autovacuum}{$table} = $v;
			$s{autoanalyze}{$table} = $a;
		} elsif ($kind eq 'c') {
			$s{checkpoints} = $rest;
		} elsif ($kind eq 'w') {
			# "autovacuum: VACUUM ANALYZE exbuddy.workouts" → "VACUUM ANALYZE workouts"
			push @{$s{busy}}, $rest =~ s/^autovacuum: //r =~ s/\bexbuddy\.//gr =~ s/,/;/gr;
		}
	}
	return \%s;
}

# maint_during(BEFORE, AFTER): what ended between the two snapshots (each
# table's autovacuums and autoanalyses, the checkpoints), then what a
# worker was doing at either: '' when nothing.
sub maint_during {
	my ($a, $b) = @_;
	my @what;
	for my $kind (qw(autovacuum autoanalyze)) {
		for my $t (sort keys %{$b->{$kind}}) {
			my $n = $b->{$kind}{$t} - ($a->{$kind}{$t} // 0);
			push @what, "$kind $t" . ($n > 1 ? " ×$n" : '') if $n > 0;
		}
	}
	my $c = $b->{checkpoints} - $a->{checkpoints};
	push @what, "$c checkpoint" . ($c > 1 ? 's' : '') if $c > 0;
	push @what, 'under way at the start: ' . join('; ', @{$a->{busy}}) if @{$a->{busy}};
	push @what, 'under way at the end: ' . join('; ', @{$b->{busy}}) if @{$b->{busy}};
	return join ', ', @what;
}

1;
