# layers.t — the include graph of cgi/ keeps its layers (ARCHITECTURE.md):
# each module includes headers of its own layer or below, modules below
# the pages never include the template engine or the page headers, and no
# two files include each other, directly or round about.
use strict;
use warnings;
use Test::More;

my $top = $ENV{EXBUDDY_TEST_TOP} // '.';

# Every module of cgi/ by layer, bottom first. A new file must be placed here.
my @layers = (
	[base => qw(mem limits utf8 config civil fmt tzguess envfile)],
	[infrastructure => qw(http fcgi multipart csv valid db tmpl chart)],
	[domain => qw(password useragent tz user session audit exercise
	    bodyweight workout workout_store shorthand workout_csv stats goal
	    progress)],
	[view => qw(page form view_workout view_stats view_account
	    view_dashboard view_log view_exercise)],
	[pages => qr/^page_/],
	[frame => qw(route server main admin migrate backup)],
);
my %below_view = map { $_ => 1 } qw(tmpl page form);	# beyond the domain's reach

sub layer_of {
	my ($mod) = @_;
	for my $i (0 .. $#layers) {
		my ($name, @m) = @{$layers[$i]};
		return $i if grep { ref $_ ? $mod =~ $_ : $mod eq $_ } @m;
	}
	return undef;
}

my %inc;	# module => [modules whose headers it includes]
for my $f (glob("$top/cgi/*.c"), glob("$top/cgi/*.h")) {
	my ($mod) = $f =~ m{/(\w+)\.[ch]$} or next;
	open(my $fh, '<', $f) or die "$f: $!";
	while (<$fh>) {
		push @{$inc{$mod}}, $1 if /^#include "(\w+)\.h"/ && $1 ne $mod;
	}
	$inc{$mod} //= [];
}
ok(keys %inc > 40, 'read the modules of cgi/ (' . scalar(keys %inc) . ')');

for my $mod (sort keys %inc) {
	my $l = layer_of($mod);
	ok(defined $l, "$mod has a layer") or next;
	my @up = grep { my $h = layer_of($_); defined $h && $h > $l } @{$inc{$mod}};
	is("@up", '', "$mod ($layers[$l][0]) includes nothing above its layer");
	if ($l <= 2) {
		my @view = grep { $below_view{$_} || /^view_/ } @{$inc{$mod}};
		is("@view", '', "$mod includes no template, page, form or view header");
	}
}

# No circle: a depth-first walk finds no include back to a file on its path.
my (%state, @circle);
sub walk {
	my ($m, @path) = @_;
	return if ($state{$m} // 0) == 2 || @circle;
	if (($state{$m} // 0) == 1) {
		my $i = 0;
		$i++ while $path[$i] ne $m;
		@circle = (@path[$i .. $#path], $m);
		return;
	}
	$state{$m} = 1;
	walk($_, @path, $m) for @{$inc{$m} // []};
	$state{$m} = 2;
}
walk($_) for sort keys %inc;
is(join(' -> ', @circle), '', 'no include circle');

done_testing();
