# 09_text_browsers.t — /dashboard, /week and /stats in a text browser: the
# text of `w3m -dump` (signed in: the session cookie sent with -header) is
# readable. Readable means: the page's heading is there (not the login
# page); no SVG noise — no "svg", no path data ("M10 20L30 40"), no
# coordinate lists ("10,20 30,40 …"), no long runs of digits (labels run
# together: "0510152025"); and every chart's numbers present once: each
# bar's value, read on its axis, is a number of the page's text without
# the chart (its table, its summary), and the chart itself puts nothing
# into the text but its sentence (no axis labels, no values, which would
# give its numbers a second time, out of order).
#
# A chart is an <img> whose src is an SVG in a data: URI (cgi/chart.c):
# a text browser shows its alt, which must be there; its SVG, decoded, has
# the bars, and its labels (what w3m would print of it inline) must not
# be in the text. An inline <svg> chart is read the same way, and may put
# its own <title> and <desc> into the text, nothing else. The account has
# workouts this week, in the weeks and months before and on days over the
# last year, goals and a body weight, so that each page draws every chart
# it has.
use strict;
use warnings;
use utf8;
use File::Temp qw(tempdir);
use Test::More;
use EB;
use EBAccount qw(:DEFAULT :stats);

binmode(Test::More->builder->$_, ':encoding(UTF-8)')
    for qw(output failure_output todo_output);

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');
plan skip_all => 'w3m is not installed (make test installs it)'
    unless grep { -x "$_/w3m" } split /:/, $ENV{PATH};

# w3m keeps its settings, cookies and history in ~/.w3m: a home of its own.
my $home = tempdir('eb-w3m-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my $COLS = 80;

my $u = new_user();
set_zone($u->{id}, 'UTC', 1);
my @rows;
for my $d (0, 1, 3, 6, 9, 15, 24, 40, 75, 130, 200, 300) {
	push @rows, ['push-up', "=current_date - $d + time '07:30'", 12 + $d % 17, 0, '6.0'],
	    ['plank', "=current_date - $d + time '18:00'", 0, 45 + $d % 50, '2.5'];
}
push @rows, ['squat', "=current_date + time '00:10'", 30, 0, '9.5'];
add_workouts($u->{id}, \@rows);
my $uid = sql_quote($u->{id});
psql_fast('INSERT INTO exbuddy.goals (user_id, exercise_type_id, weekly_target) ' .
    "SELECT $uid, id, CASE slug WHEN 'plank' THEN 600 ELSE 100 END " .
    "FROM exbuddy.exercise_types WHERE slug IN ('push-up', 'plank') AND user_id IS NULL");
psql_fast('INSERT INTO exbuddy.body_weights (user_id, day, weight_kg) ' .
    "SELECT $uid, current_date - d, 80 - d / 10.0 FROM generate_series(0, 60, 6) d");

# --- Text ----------------------------------------------------------------------

# w3m_dump(ARGS...): w3m -dump's text (characters), or undef with a diag.
sub w3m_dump {
	my (@args) = @_;
	local $ENV{HOME} = $home;
	local $ENV{LANG} = 'C.UTF-8';
	my $r = run_cmd(60, 'w3m', '-dump', '-cols', $COLS, '-O', 'UTF-8', @args);
	unless (defined $r->{exit} && $r->{exit} == 0) {
		diag("w3m @args: exit " . ($r->{exit} // 'killed after 60 s') . ": $r->{err}");
		return undef;
	}
	require Encode;
	return Encode::decode('UTF-8', $r->{out});
}

# The text w3m makes of a piece of HTML (a file of its own).
sub w3m_html {
	my ($html) = @_;
	my $file = "$home/page.html";
	open(my $fh, '>:encoding(UTF-8)', $file) or die "$file: $!";
	print $fh $html;
	close $fh;
	return w3m_dump('-T', 'text/html', '-I', 'UTF-8', $file);
}

# Numbers as a reader compares them (as tests/browser/lib/probe.mjs):
# dates first taken out (a day of the month is not a value), each within
# a line (a row of w3m's tables: the "15" ending one is no day of the
# "November 2026" starting the next); 5.0 is 5, 1,200 is 1200, m:ss and
# h:mm:ss are seconds; the sign dropped.
my $MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';
my $DAYS = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun';
sub undate {
	my ($s) = @_;
	$s =~ s/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?\b/ /g;
	$s =~ s/(?<![\d.,:])\b\d{1,2}(?:st|nd|rd|th)?\h+(?:$MONTHS)\b\.?(?:,?\h+\d{4}\b)?/ /g;
	$s =~ s/\b(?:$MONTHS)\.?\h+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\h+\d{4}\b)?/ /g;
	$s =~ s/\b(?:$MONTHS)\.?\h+\d{4}\b/ /g;
	$s =~ s/\b(?:$DAYS)\.?\h+\d{1,2}\b/ /g;
	$s =~ s{\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b}{ }g;
	return $s;
}

# numbers(TEXT): {key => the number as written} of every number in TEXT.
sub numbers {
	my ($s) = @_;
	my %n;
	for my $t (undate($s) =~ /(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?::\d{2}){1,2}|\d+(?:\.\d+)?)/g) {
		my $key;
		if ($t =~ /:/) {
			my $sec = 0;
			$sec = $sec * 60 + $_ for split /:/, $t;
			$key = "t$sec";
		} else {
			(my $x = $t) =~ s/,//g;
			$key = 0 + $x;
		}
		$n{$key} //= $t;
	}
	return \%n;
}

# --- Charts --------------------------------------------------------------------

# chart_parts(SVG): (its name — the root <title> —, the SVG without its
# root <title> and <desc>).
# The server's SVG is well-formed XML (the chart tests check it): a walk
# over its tags with their depth is enough.
sub chart_parts {
	my ($svg) = @_;
	my ($name, $rest) = ('', '');
	my $depth = 0;
	my $skip;	# the root <title> or <desc> being left out
	for my $tok ($svg =~ m{(<[^>]*>|[^<]+)}g) {
		if ($tok =~ m{^<([A-Za-z][\w:-]*)\b[^>]*?(/?)>$}) {
			my ($tag, $empty) = ($1, $2);
			$skip = { tag => $tag, text => '' } if !$skip && $depth == 1 &&
			    ($tag eq 'title' || $tag eq 'desc') && !$empty;
			$rest .= $tok unless $skip;
			$depth++ unless $empty;
		} elsif ($tok =~ m{^</([A-Za-z][\w:-]*)}) {
			my $tag = $1;
			$depth--;
			if ($skip && $depth == 1 && $tag eq $skip->{tag}) {
				$name = $skip->{text} if $tag eq 'title';
				undef $skip;
				next;
			}
			$rest .= $tok unless $skip;
		} else {
			$skip->{text} .= html_unescape($tok) if $skip;
			$rest .= $tok unless $skip;
		}
	}
	$name =~ s/\s+/ /g;
	$name =~ s/^ | $//g;
	return ($name, $rest);
}

# Lines of TEXT that match RE, at most 5, for a diag.
sub lines_matching {
	my ($text, $re) = @_;
	my @l = grep { $_ =~ $re } split /\n/, $text;
	return join("\n", map { "    | $_" } @l[0 .. ($#l < 4 ? $#l : 4)]);
}

for my $path ('/dashboard', '/week', '/stats') {
	behaviour("$path in w3m -dump: readable, no SVG noise, every chart's numbers once", sub {
		my $res = $u->get($path);
		is($res->{status}, 200, "GET $path: 200") or return;
		my $html = decode_page($res);
		my ($h1) = $html =~ m{<h1\b[^>]*>(.*?)</h1>}s;
		$h1 = html_unescape(($h1 // '') =~ s/<[^>]*>//gr =~ s/\s+/ /gr =~ s/^ | $//gr);

		my $text = w3m_dump('-header', 'Cookie: ' . $u->cookie_header,
		    base_url() . $path);
		ok(defined $text && $text =~ /\S/, "w3m -dump $path gives a text") or return;
		note("w3m -dump -cols $COLS $path:\n$text") if $ENV{VERBOSE};
		(my $flat = $text) =~ s/\s+/ /g;
		ok($h1 ne '' && index($flat, $h1) >= 0, "$path: the heading \"$h1\" is in the text (signed in, the page itself)")
		    or diag("the text begins:\n" . substr($text, 0, 400));

		my @noise = (
		    ['the word "svg"' => qr/\bsvg\b/i],
		    ['path data' => qr/(?:^|[\s"'])[Mm]\s?-?\d+(?:\.\d+)?[ ,]-?\d+(?:\.\d+)?\s?[LlHhVvCcSsQqTtAaZz]/],
		    ['a list of coordinates' => qr/(?:-?\d+(?:\.\d+)?,-?\d+(?:\.\d+)?\s+){3,}/],
		    ['a run of 7 or more digits' => qr/\d{7,}/],
		);
		for my $n (@noise) {
			my ($what, $re) = @$n;
			ok($text !~ $re, "$path in w3m: without $what")
			    or diag("$path in w3m -dump: $what on these lines:\n" . lines_matching($text, $re));
		}

		# The charts in page order: an inline <svg>, or an <img> of a
		# data: URI SVG (the narrow drawing of a <picture> aside: a text
		# browser shows the <img>).
		my @charts;
		while ($html =~ m{(<svg\b.*?</svg>)|(<img\b[^>]*\ssrc="(data:image/svg\+xml,[^"]*)"[^>]*>)}gs) {
			push @charts, defined $1 ? { svg => $1 } :
			    { svg => EBAccount::data_svg($3), alt => attr($2, 'alt') };
		}
		note("$path: " . scalar(@charts) . ' chart(s), ' . scalar(grep { exists $_->{alt} } @charts) . ' of them images');
		(my $without = $html) =~ s{<svg\b.*?</svg>|<picture\b.*?</picture>|<img\b[^>]*\ssrc="data:image/svg\+xml,[^"]*"[^>]*>}{}gs;
		my $base = w3m_html($without) // '';
		my $have = numbers($base);
		my $i = 0;
		for my $chart (@charts) {
			$i++;
			my ($name, $rest) = chart_parts($chart->{svg} // '');
			my $what = "$path chart $i" . ($name ne '' ? " \"$name\"" : ' (no <title>)');
			ok(defined $chart->{svg} && $chart->{svg} =~ /^<svg\b/, "$what: its SVG reads")
			    or next;

			# What the chart itself would put into the text, besides its
			# own <title> and <desc>: as an image, none of it is there
			# and its alt is; inline, it must be nothing.
			my $own = w3m_html("<!DOCTYPE html><html><body>$rest</body></html>") // '';
			(my $own1 = $own) =~ s/\s+/ /g;
			$own1 =~ s/^ | $//g;
			if (exists $chart->{alt}) {
				(my $alt = $chart->{alt} // '') =~ s/\s+/ /g;
				$alt =~ s/^ | $//g;
				ok($alt ne '' && index($flat, $alt) >= 0, "$what: its alt is in the text")
				    or diag("$what: alt \"$alt\" not in w3m's text of $path");
				ok($own1 eq '' || index($flat, $own1) < 0, "$what puts none of its labels into the text")
				    or diag("$what: w3m shows the chart's own text (labels or values, beside its table):\n    | " .
					substr($own1, 0, 300) . (length $own1 > 300 ? '…' : ''));
			} else {
				ok($own1 eq '', "$what prints nothing into the text but its title and description")
				    or diag("$what: w3m shows this text of the chart itself (labels or values, beside its table):\n    | " .
					substr($own1, 0, 300) . (length $own1 > 300 ? '…' : ''));
			}

			# Its numbers: each bar's value read on its axis (its
			# segments carry no title) is a number of the page's text
			# without any chart, to within the drawing's rounding (a
			# tenth of a pixel, twice) and the text's (a tenth). A
			# heatmap has no bars: its days are 52_stats.t's.
			my @bars = EBAccount::svg_bars($chart->{svg}, qr/ex-\d+/);
			my @have = map { /^t(\d+)$/ ? $1 : $_ } keys %$have;
			my @missing = grep { my $b = $_; !defined $b->{value} ||
			    !grep { abs($_ - $b->{value}) <= 0.2 * $b->{per_px} + 0.05 } @have } @bars;
			ok(@bars > 0 || $chart->{svg} !~ /<path class="ex-/, "$what: its bars are read")
			    or diag("$what: a bar chart whose bars svg_bars does not read");
			ok(!@missing, "$what: the values of its " . scalar(@bars) . ' bars are in the text (a table)')
			    or diag("$what: not in w3m's text of $path (without the charts): " .
				join('; ', map { sprintf '%s bar under "%s": %.2f', $_->{class}, $_->{label} // '?', $_->{value} // -1 }
				    @missing[0 .. ($#missing < 9 ? $#missing : 9)]) .
				(@missing > 10 ? '; … and ' . (@missing - 10) . ' more' : ''));
		}
	});
}

done_testing;
