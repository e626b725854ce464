# BenchSQL.pm — bench/run's ceiling "pgbench running exactly the SQL of a
# page": the statements one request sent, read from PostgreSQL's log
# (log_statement = all, while bench/run captures), turned into a pgbench
# script: the same statements in the same order, BEGIN and COMMIT among
# them, each parameter written in as the literal of its value.
#
#   my @st = log_statements($text);     # [{sql, params => [value | undef]}], exbuddy_app's
#   my ($script, $problem) = pgbench_script(\@st, { $uuid => '(gen_random_uuid())' });
#
# The log's lines must start with log_line_prefix '%m [%p] %u@%d: ' (what
# bench/run sets while it captures).
package BenchSQL;
use strict;
use warnings;
use Exporter qw(import);

our @EXPORT_OK = qw(log_statements pgbench_script LOG_LINE_PREFIX);

use constant LOG_LINE_PREFIX => '%m [%p] %u@%d: ';

# log_statements(TEXT, USER): the statements USER (exbuddy_app) ran in
# TEXT, a piece of PostgreSQL's stderr log, in order: simple ones
# ("statement: SQL") and extended ones ("execute NAME: SQL" with the
# "DETAIL:  parameters: $1 = '…', $2 = NULL" line after it). A message
# of several lines goes on in lines that start with a tab.
sub log_statements {
	my ($text, $user) = @_;
	$user //= 'exbuddy_app';
	my (@msgs, $cur);
	for my $line (split /\n/, $text) {
		if ($line =~ /^\d{4}-\d\d-\d\d [\d:.]+ \S+ \[(\d+)\] (\S*)@(\S*): ([A-Z]+):  (.*)$/) {
			$cur = { pid => $1, user => $2, level => $4, text => $5 };
			push @msgs, $cur;
		} elsif (defined $cur && $line =~ /^\t(.*)$/s) {
			$cur->{text} .= "\n$1";
		}
	}
	my @st;
	for my $m (grep { $_->{user} eq $user } @msgs) {
		if ($m->{level} eq 'LOG' && $m->{text} =~ /^(?:statement|execute [^:]+): (.*)$/s) {
			push @st, { sql => $1, params => [], pid => $m->{pid} };
		} elsif ($m->{level} eq 'DETAIL' && $m->{text} =~ /^parameters: (.*)$/s && @st) {
			$st[-1]{params} = parse_params($1);
		}
	}
	return @st;
}

# "$1 = 'a''b', $2 = NULL" → ["a'b", undef]
sub parse_params {
	my ($s) = @_;
	my @p;
	while ($s =~ /\G(?:, )?\$(\d+) = (?:(NULL)|'((?:[^']|'')*)')/gc) {
		$p[$1 - 1] = defined $2 ? undef : $3 =~ s/''/'/gr;
	}
	return \@p;
}

# pgbench_script(STATEMENTS, SUBST): (script, problem or undef). Each
# statement becomes one command ending in ";", each $N in it the literal
# of its value (an untyped literal, resolved as the parameter was), or
# NULL; a value that is a key of SUBST becomes that SQL instead (the
# POST's submission id: a new one each time). pgbench takes ":word" for
# a variable wherever it stands, so a string with a colon ('HH24:MI', a
# time) is written as an E'' literal of the same value with \x3a; a
# colon anywhere else it would take is a problem (reported, not run).
sub pgbench_script {
	my ($st, $subst) = @_;
	my @cmds;
	for my $i (0 .. $#$st) {
		my ($sql, $problem) = convert($st->[$i], $subst // {});
		return (undef, "statement " . ($i + 1) . ": $problem") if $problem;
		push @cmds, "$sql;";
	}
	return (join("\n", @cmds) . "\n", undef);
}

# A string's SQL literal that pgbench leaves alone.
sub literal {
	my ($v) = @_;
	return "'" . ($v =~ s/'/''/gr) . "'" unless $v =~ /:/;
	$v =~ s/\\/\\\\/g;
	$v =~ s/'/\\'/g;
	$v =~ s/:/\\x3a/g;
	return "E'$v'";
}

# One statement: parameters written in, literals made safe for pgbench.
sub convert {
	my ($s, $subst) = @_;
	my $sql = $s->{sql};
	my $out = '';
	pos($sql) = 0;
	while (pos($sql) < length $sql) {
		if ($sql =~ /\G(?<![A-Za-z0-9_])[eE]'((?:[^'\\]|\\.|'')*)'/gcs) {
			$out .= "E'" . colons_escaped($1) . "'";
		} elsif ($sql =~ /\G'((?:[^']|'')*)'/gc) {
			$out .= literal($1 =~ s/''/'/gr);
		} elsif ($sql =~ /\G("(?:[^"]|"")*")/gc) {
			my $id = $1;
			return (undef, "a colon in the identifier $id") if $id =~ /:/;
			$out .= $id;
		} elsif ($sql =~ /\G(\$([A-Za-z_][A-Za-z0-9_]*)?\$)/gc) {
			my $tag = $1;
			$sql =~ /\G(.*?)\Q$tag\E/gcs or return (undef, "an unterminated $tag string");
			return (undef, "a colon in a $tag string") if $1 =~ /:/;
			$out .= "$tag$1$tag";
		} elsif ($sql =~ /\G(--[^\n]*|\/\*.*?\*\/)/gcs) {
			# comments: left out (pgbench would read a colon in one)
		} elsif ($sql =~ /\G\$(\d+)/gc) {
			my $v = $s->{params}[$1 - 1];
			$out .= !defined $v ? 'NULL' : exists $subst->{$v} ? $subst->{$v} : literal($v);
		} elsif ($sql =~ /\G(::)/gc) {
			$out .= $1;
		} elsif ($sql =~ /\G(:[A-Za-z0-9_])/gc) {
			return (undef, "\"$1\" would be read as a pgbench variable");
		} elsif ($sql =~ /\G;\s*/gc) {
			# a simple query of several statements: pgbench splits at ";"
			$out .= ";\n" if pos($sql) < length $sql;
		} else {
			$sql =~ /\G(.)/gcs;
			$out .= $1;
		}
	}
	return ($out, undef);
}

# The body of an E'' literal with each colon written \x3a.
sub colons_escaped {
	my ($body) = @_;
	my $r = '';
	while ($body =~ /\G(\\.|[^\\])/gcs) {
		my $c = $1;
		$r .= $c eq ':' || $c eq '\\:' ? '\\x3a' : $c;
	}
	return $r;
}

1;
