# EBSite.pm — another site on the test stack's database: its own exbuddy
# servers (with settings of their own, e.g. EXBUDDY_SIGNUP) and its own
# nginx on a free port, written by deploy/stack like the stack's. For the
# behaviours that need exbuddy started otherwise than the stack's.
#
#   my $site = EBSite->start(env => { EXBUDDY_SIGNUP => 'closed' }, instances => 2);
#   local $ENV{EXBUDDY_TEST_URL} = $site->url;   # EB::req, EBAccount go there
#   $site->kill_instance(2);                     # SIGKILL one, its workers too
#   $site->stop;                                 # also at the end of the test
package EBSite;
use strict;
use warnings;
use File::Path qw(make_path remove_tree);
use IO::Socket::INET;
use POSIX qw(WNOHANG);
use EB qw(run_cmd slurp wait_until exbuddy_cmd);

my @sites;	# every site started: stopped at the end, whatever failed
my $n = 0;

sub free_port {
	my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1',
	    LocalPort => 0, Proto => 'tcp') or die "no free port: $!";
	return $s->sockport;
}

# The files of instance K in the site's run/, as deploy/stack names them.
sub file { my ($self, $k, $ext) = @_; return "$self->{dir}/run/exbuddy"
    . ($k == 1 ? '' : "-$k") . ".$ext" }

sub url { $_[0]{url} }

# start(env => {NAME => VALUE}, instances => N, workers => W, db => NAME
# or dsn => DSN, bin => EXBUDDY, templates => DIR): the site (its database
# exbuddy, the stack's exbuddy and templates unless said), up, or dies
# saying why.
sub start {
	my ($class, %opt) = @_;
	my $var = EB::env_or_skip('EXBUDDY_TEST_VAR');
	my $top = EB::env_or_skip('EXBUDDY_TEST_TOP');
	my $pghost = EB::env_or_skip('EXBUDDY_TEST_PGHOST');
	my $self = bless { dir => "$var/site-$$-" . ++$n, port => free_port(),
	    instances => $opt{instances} // 1, pids => {} }, $class;
	push @sites, $self;
	make_path(map { "$self->{dir}/$_" } qw(run log nginx));
	chmod 0755, $self->{dir};
	# exbuddy binds as root, gives the socket nginx's group, then becomes
	# the user exbuddy, as deploy/stack starts it.
	chmod 0755, "$self->{dir}/run";
	my %run = (env => $opt{env} // {}, workers => $opt{workers} // 2,
	    bin => $opt{bin} ? [$opt{bin}] : [exbuddy_cmd()],
	    templates => $opt{templates} // "$top/templates",
	    dsn => $opt{dsn} // "host=$pghost dbname=" . ($opt{db} // 'exbuddy')
	    . ' user=exbuddy_app');
	$self->start_instance($_, \%run) for 1 .. $self->{instances};
	local $ENV{EXBUDDY_INSTANCES} = $self->{instances};
	# Plain HTTP only: the stack's TLS port (tests/run) is the stack's.
	local $ENV{EXBUDDY_TLS_PORT};
	delete $ENV{EXBUDDY_TLS_PORT};
	my $r = run_cmd(60, "$top/deploy/stack", 'nginx-start', $self->{dir},
	    $self->{port});
	die "nginx of the site: $r->{err}$r->{out}" if ($r->{exit} // -1) != 0;
	$self->{url} = "http://127.0.0.1:$self->{port}";
	return $self;
}

sub start_instance {
	my ($self, $k, $run) = @_;
	my ($env, @bin) = ($run->{env}, @{$run->{bin}});
	my $pid = fork // die "fork: $!";
	if ($pid == 0) {
		delete $ENV{$_} for grep { /^EXBUDDY_/ } keys %ENV;
		$ENV{$_} = $env->{$_} for keys %$env;
		open STDIN, '<', '/dev/null';
		open STDOUT, '>>', "$self->{dir}/log/exbuddy.log";
		open STDERR, '>&', \*STDOUT;
		POSIX::setsid();
		exec(@bin, 'serve', '--socket', $self->file($k, 'sock'),
		    '--group', 'www-data', '--pidfile', $self->file($k, 'pid'),
		    '--templates', $run->{templates}, '--workers', $run->{workers},
		    '--user', 'exbuddy', '--dsn', $run->{dsn}) or POSIX::_exit(127);
	}
	$self->{pids}{$k} = $pid;
	wait_until(sub { -S $self->file($k, 'sock') && -s $self->file($k, 'pid') }, 30)
	    or die "exbuddy instance $k of the site did not start: "
	    . (slurp("$self->{dir}/log/exbuddy.log") // '');
}

# SIGKILLs instance K, its master and workers (its process group): a
# machine gone, not a clean stop.
sub kill_instance {
	my ($self, $k) = @_;
	my $pid = delete $self->{pids}{$k} or return;
	kill 'KILL', -$pid;
	waitpid($pid, 0);
}

sub stop {
	my ($self) = @_;
	return if $self->{stopped}++;
	my $ng = (slurp("$self->{dir}/nginx/nginx.pid") // '') =~ s/\s+//gr;
	if ($ng) {
		kill 'QUIT', $ng;
		wait_until(sub { !kill 0, $ng }, 10);
	}
	for my $pid (values %{$self->{pids}}) {
		kill 'TERM', $pid;
		wait_until(sub { waitpid($pid, WNOHANG) != 0 }, 35) or do {
			kill 'KILL', -$pid;
			waitpid($pid, 0);
		};
	}
	remove_tree($self->{dir});
}

END {
	local $?;
	$_->stop for @sites;
}

1;
