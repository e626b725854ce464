# routes.t — a URL's code is found by its name: the handlers of the route
# /a/b live in cgi/page_a_b.c, or in the file of its nearest parent URL
# that has one ("*" segments and a file extension left out, "-" read as
# "_", "/" is page_index.c); every page file serves a route; every
# template the code names exists, every page template is used, partials
# (_name.tmpl) are exactly the templates other templates include.
use strict;
use warnings;
use Test::More;

my $top = $ENV{EXBUDDY_TEST_TOP} // '.';
sub slurp { open(my $fh, '<', $_[0]) or return ''; local $/; return <$fh> }

my $table = slurp("$top/cgi/route.c");
my @routes;
while ($table =~ /\{\s*"(\/[^"]*)",\s*(\w+),\s*(\w+),/g) {
	push @routes, [$1, grep { $_ ne 'NULL' } $2, $3];
}
cmp_ok(scalar @routes, '>=', 20, 'read the route table (' . @routes . ' routes)');

my %served;
for my $r (@routes) {
	my ($path, @handlers) = @$r;
	my @seg = map { s/\.\w+$//r =~ s/-/_/gr } grep { $_ ne '' && $_ ne '*' }
	    split m{/}, $path;
	my $file;
	for (my $k = @seg; $k >= 1 && !defined $file; $k--) {
		my $f = 'page_' . join('_', @seg[0 .. $k - 1]) . '.c';
		$file = $f if -f "$top/cgi/$f";
	}
	$file = 'page_index.c' if $path eq '/';
	ok(defined $file, "$path: a page file named after it") or next;
	$served{$file} = 1;
	my $src = slurp("$top/cgi/$file");
	for my $h (@handlers) {
		like($src, qr/^\Q$h\E\(struct ctx \*c\)$/m, "$path: $h is in cgi/$file");
	}
}
for my $f (map { m{/(page_\w+\.c)$} } glob("$top/cgi/page_*.c")) {
	ok($served{$f}, "cgi/$f serves a route");
}

# Templates.
my %tmpl = map { m{/([^/]+)$} ? ($1 => 1) : () } glob("$top/templates/*.tmpl");
my %named;
for my $f (glob("$top/cgi/*.c")) {
	$named{$_} = 1 for slurp($f) =~ /"(\w+\.tmpl)"/g;
}
my %included;
for my $t (keys %tmpl) {
	$included{$_} = 1 for slurp("$top/templates/$t") =~ /<TMPL_INCLUDE\s+name="([^"]+)"/gi;
}
for my $t (sort keys %named) {
	ok($tmpl{$t}, "$t, named in cgi/, is in templates/");
	ok($t !~ /^_/, "$t, rendered by the code, is not a partial");
}
for my $t (sort keys %tmpl) {
	if ($t =~ /^_/) {
		ok($included{$t}, "the partial $t is included by a template");
	} else {
		ok($named{$t}, "the page template $t is rendered by the code");
	}
}
for my $t (sort keys %included) {
	like($t, qr/^_/, "$t, included by a template, is named as a partial");
}

done_testing();
