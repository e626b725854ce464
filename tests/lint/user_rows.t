# user_rows.t — every SQL statement of cgi/ that reads or writes a user's
# rows (users, workouts, goals, sessions, audit_log, daily_totals,
# exercise_totals, activity_runs, user_activity, record_versions,
# exercise_records, month_totals, user_days, …) names
# current_user_id() at least once for each of those tables it names, so
# the filter stands in the query itself as well as in row level security.
# A statement on exercise_types may instead filter on user_id IS NULL (the
# built-in ones, shared) or reach it by a row's key (JOIN … ON e.id = …, or
# a subquery FROM exercise_types e WHERE e.id = w.exercise_type_id).
# The statements are the runs of adjacent string literals of each file as
# the compiler sees them (after the preprocessor), that begin with SQL.
# admin.c and migrate.c run as a superuser for the operator, not for a user.
use strict;
use warnings;
use Test::More;

my $top = $ENV{EXBUDDY_TEST_TOP} // '.';
my $tables = qr/\b(?:FROM|JOIN|INTO|UPDATE)\s+(?:users|workouts|workout_sets|goals|sessions|audit_log|body_weights|daily_totals|exercise_totals|activity_runs|user_activity|record_versions|exercise_records|month_totals|user_days)\b|\b(?:FROM|INTO|UPDATE)\s+exercise_types\b(?!\s+\w+\s+WHERE\s+\w+\.id\s*=\s*\w+\.exercise_type_id\b)/i;
my $n = 0;

for my $f (sort glob("$top/cgi/*.c")) {
	next if $f =~ m{/(admin|migrate)\.c$};
	my $src = `cpp -P -D_GNU_SOURCE -I/usr/include/postgresql -I'$top/cgi' '$f' 2>/dev/null`;
	ok($? == 0, "$f goes through the preprocessor") or next;
	while ($src =~ /((?:"(?:[^"\\]|\\.)*"\s*)+)/g) {
		my $sql = join '', $1 =~ /"((?:[^"\\]|\\.)*)"/g;
		next unless $sql =~ /^\s*(?:SELECT|INSERT|UPDATE|DELETE|WITH|DECLARE)\b/;
		my @refs = $sql =~ /$tables/g;
		next unless @refs;
		$n++;
		my @calls = $sql =~ /current_user_id\(\)|\buser_id IS NULL\b/g;
		ok(@calls >= @refs, "$f: " . substr($sql, 0, 70) . '...')
		    or diag("names the user tables " . @refs . " times, current_user_id() "
		    . @calls . " times:\n$sql");
	}
}
cmp_ok($n, '>=', 30, "found the statements on user rows ($n)");

done_testing();
