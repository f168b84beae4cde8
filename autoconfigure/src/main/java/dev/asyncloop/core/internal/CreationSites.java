package dev.asyncloop.core.internal;

/**
 * Where tasks are submitted, in debug mode, without a stack per task. A task the
 * application wrote (a lambda, a class of its own) identifies its place in the
 * source by its class: the stack of its first submission is taken once and shared by
 * every later task of that class, so a million queued tasks cost no stack at all. A
 * task of a framework's class (Spring's wrappers, which carry any application method)
 * says nothing by its class, and gets a stack of its own.
 */
final class CreationSites {

	/** Shared sites by task class; {@link #OWN_STACK} for classes that need a stack per task. */
	private final ClassValue<Throwable> sites = new ClassValue<>() {
		@Override
		protected Throwable computeValue(Class<?> type) {
			return isApplications(type) ? new CreationSite() : OWN_STACK;
		}
	};

	private static final Throwable OWN_STACK = new CreationSite();

	private final ApplicationCode applicationCode;

	CreationSites(ApplicationCode applicationCode) {
		this.applicationCode = applicationCode;
	}

	/**
	 * Where the task {@code source} is being submitted from: called on the submitting
	 * thread.
	 */
	Throwable of(Object source) {
		if (source == null) {
			return new CreationSite();
		}
		Throwable site = this.sites.get(source.getClass());
		return (site != OWN_STACK) ? site : new CreationSite();
	}

	private boolean isApplications(Class<?> type) {
		String name = type.getName();
		int lambda = name.indexOf("$$Lambda");
		String declaring = (lambda > 0) ? name.substring(0, lambda) : name;
		return this.applicationCode.isApplication(new StackTraceElement(declaring, "run", null, -1));
	}

	/**
	 * The stack of the code that submitted a task, captured cheaply and rendered only
	 * when a report needs it.
	 */
	static final class CreationSite extends Throwable {

		CreationSite() {
			super("created here", null, false, true);
		}

	}

}
