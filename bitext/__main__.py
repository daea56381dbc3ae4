from bitext.cli.main import run

run()
