package io.github.reactivespark.connect.samples;

import io.github.reactivespark.connect.ExecutionProgress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A console progress bar for one query, fed with the {@link ExecutionProgress} reports of
 * {@code DataFrame.execute().progress()} (or of a {@code ProgressHandler}): on a terminal it redraws one line in
 * place ({@code \r}); when stdout is not a terminal (a CI log, a pipe) it prints one plain line per report that
 * changed something, so the log stays readable. The server never reports as done the stages that adaptive query
 * execution planned and then skipped, so the last line of a handler's bar may stay short of full; the
 * {@code Execution.progress()} Flux ends with a report that marks every stage done. A few lines of its own rather than a library: a bar of completed tasks over the tasks known so
 * far is all a Spark query's progress can honestly show (later stages add tasks as they are planned).
 */
public final class ConsoleProgress {

  private static final int WIDTH = 30;

  private final PrintStream out;
  private final String label;
  private final boolean terminal;
  private boolean drawn;
  private String lastLine = "";

  /**
   * A bar for one query.
   *
   * @param out where to draw
   * @param label printed before the bar
   * @param terminal whether {@code out} is a terminal ({@link #isTerminal()} for stdout)
   */
  public ConsoleProgress(PrintStream out, String label, boolean terminal) {
    this.out = out;
    this.label = label;
    this.terminal = terminal;
  }

  /**
   * Whether this JVM's stdout is an interactive terminal.
   *
   * @return true when {@link System#console()} exists (Java 17: stdin and stdout are a terminal)
   */
  public static boolean isTerminal() {
    return System.console() != null;
  }

  /**
   * Draws one report.
   *
   * @param p the query's stages and tasks so far
   */
  public synchronized void update(ExecutionProgress p) {
    String line = line(p);
    if (line.equals(lastLine)) {
      return; // the server reports on a timer, also when nothing moved
    }
    lastLine = line;
    if (terminal) {
      out.print("\r" + line);
      drawn = true;
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Ends the bar's line on a terminal (call when the query ended). */
  public synchronized void done() {
    if (terminal && drawn) {
      out.println();
    }
  }

  /**
   * The text of one report: label, bar, tasks done of known, stages done of known, input read, tasks running.
   *
   * @param p a report
   * @return one line without a line break
   */
  public String line(ExecutionProgress p) {
    long total = p.totalTasks();
    long done = p.completedTasks();
    int filled = total == 0 ? 0 : (int) Math.min(WIDTH, WIDTH * done / total);
    long stagesDone = p.stages().stream().filter(ExecutionProgress.StageProgress::done).count();
    return String.format(Locale.ROOT, "    %s [%s%s] %d/%d tasks, %d/%d stages, %.1f MiB read, %d running", label,
        "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, stagesDone, p.stages().size(),
        p.inputBytesRead() / 1048576.0, p.numInflightTasks());
  }
}
